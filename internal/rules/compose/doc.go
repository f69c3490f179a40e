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

// register registers a Compose rule that judges one service at a time:
// it reads Compose files, its remediation is the Compose snippet, fix (when
// not nil) is its Compose fix, and it names no peers (none of them reads
// Compose files).
func register(r *rule.Rule, snippet string, fix rule.FixFunc, check func(p *rule.Pass, s *model.ComposeService)) {
	r.Remediation = map[model.Format]string{model.Compose: snippet}
	r.Inputs = inputs
	r.Peers = rule.Peers{}
	if fix != nil {
		r.Fixes = map[model.Format]rule.FixFunc{model.Compose: fix}
	}
	r.Check = func(p *rule.Pass) {
		for _, s := range services(p) {
			check(p, s)
		}
	}
	rule.Register(r)
}

// checkImage judges the image a service pulls; a service that builds its
// image is judged through its Dockerfile. judge says what is wrong with
// the image; msg gets the service's label and that.
//
// An image written once for several services (in a YAML anchor they merge)
// is one finding, on the first of them, which says how many share it.
func checkImage(p *rule.Pass, s *model.ComposeService, judge func(image model.Str) (string, bool), msg string) {
	if s.Build != nil {
		return
	}
	what, ok := judge(s.Image)
	if !ok {
		return
	}
	at := s.Image.Pos.Or(s.Pos)
	key := imageAt{rule: p.Rule.ID, at: at}
	if _, done := p.Fact(key); done {
		return
	}
	p.SetFact(key, true)
	p.Reportf(s, at, msg, sharedLabel(s, sharingImage(p, s, at)), what)
}

// sharedLabel names s in a finding about a line that others other services
// share: `service "api" (and 2 other services, which share this line)`.
func sharedLabel(s *model.ComposeService, others int) string {
	switch others {
	case 0:
		return label(s)
	case 1:
		return label(s) + " (and 1 other service, which shares this line)"
	}
	return fmt.Sprintf("%s (and %d other services, which share this line)", label(s), others)
}

// imageAt is the key of the fact that a rule reported the image written at
// a place.
type imageAt struct {
	rule string
	at   model.Pos
}

// sharingImage counts the services other than s that pull the image
// written at at.
func sharingImage(p *rule.Pass, s *model.ComposeService, at model.Pos) int {
	n := 0
	for _, o := range services(p) {
		if o != s && o.Build == nil && o.Image.Pos.Or(o.Pos) == at {
			n++
		}
	}
	return n
}
