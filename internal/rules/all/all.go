// Package all imports every rule package, so that importing it registers
// every rule.
package all

import (
	_ "github.com/shipshape/shipshape/internal/rules/dockerfile" // Dockerfiles
	_ "github.com/shipshape/shipshape/internal/rules/ecsexec"    // ECS Exec and clusters
	_ "github.com/shipshape/shipshape/internal/rules/ecsservice" // ECS services
	_ "github.com/shipshape/shipshape/internal/rules/ecstask"    // ECS task definitions
)
