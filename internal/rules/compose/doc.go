// Package compose holds the rules on Docker Compose services: the container
// checks that task definitions and pods get (privileged, capabilities, host
// namespaces, user, read-only root filesystem, security options, secrets in
// the environment, image pinning and registries, the Docker socket), read
// from model.ComposeService after the project's files are merged and
// interpolated as Compose does.
package compose

import (
	"fmt"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// inputs are the formats the rules read.
var inputs = []model.Format{model.Compose}

// services returns the Compose services of the state.
func services(p *rule.Pass) []*model.ComposeService {
	return model.Of[*model.ComposeService](p.State)
}

// label names a service in messages.
func label(s *model.ComposeService) string {
	return fmt.Sprintf("service %q", s.Name)
}
