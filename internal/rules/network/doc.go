// Package network holds the rules on network exposure that are not about
// one ECS service: security groups open to the internet.
package network
