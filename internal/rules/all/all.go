// Package all imports every rule package, so that importing it registers
// every rule.
package all

import (
	_ "github.com/shipshape/shipshape/internal/rules/ecstask" // ECS task definitions
)
