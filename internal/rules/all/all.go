// Package all imports every rule package, so that importing it registers
// every rule.
package all

import (
	_ "github.com/shipshape/shipshape/internal/rules/account"    // account-level, data and build rules
	_ "github.com/shipshape/shipshape/internal/rules/compose"    // Docker Compose services
	_ "github.com/shipshape/shipshape/internal/rules/dockerfile" // Dockerfiles
	_ "github.com/shipshape/shipshape/internal/rules/ecr"        // ECR repositories and registry scanning
	_ "github.com/shipshape/shipshape/internal/rules/ecsexec"    // ECS Exec and clusters
	_ "github.com/shipshape/shipshape/internal/rules/ecsservice" // ECS services
	_ "github.com/shipshape/shipshape/internal/rules/ecstask"    // ECS task definitions
	_ "github.com/shipshape/shipshape/internal/rules/eks"        // EKS clusters
	_ "github.com/shipshape/shipshape/internal/rules/image"      // built images
	_ "github.com/shipshape/shipshape/internal/rules/k8s"        // Kubernetes workloads and NetworkPolicies
)
