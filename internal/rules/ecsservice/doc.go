// Package ecsservice holds the rules on ECS services: public IPs, Fargate
// platform versions and the security groups tasks run in.
package ecsservice

import "github.com/shipshape/shipshape/internal/model"

var serviceInputs = []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS}

// onFargate reports whether a service runs on Fargate.
func onFargate(s *model.ECSService) bool {
	return s.LaunchType.Is("FARGATE") || s.CapacityProviders.Has("FARGATE", "FARGATE_SPOT")
}
