// Package compose holds the rules on Docker Compose services: the container
// checks that task definitions and pods get (privileged, capabilities, host
// namespaces, user, read-only root filesystem, security options, secrets in
// the environment, image pinning and registries, the Docker socket), read
// from model.ComposeService after the project's files are merged and
// interpolated as Compose does.
package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"

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
		found := p.Collect(func() {
			for _, s := range services(p) {
				check(p, s)
			}
		})
		p.Record(shared(found)...)
	}
	rule.Register(r)
}

// shared merges the findings that say the same of several services at the
// same place (a line of a YAML anchor they merge, or of .env): the first
// is kept, and names how many other services share the line; the others
// are dropped. A finding's message starts with its service's label.
func shared(found []finding.Finding) []finding.Finding {
	if len(found) < 2 {
		return found
	}
	type place struct {
		at   model.Pos
		rest string // the message after the service's label
	}
	first := map[place]int{} // index in out
	others := map[place]int{}
	var out []finding.Finding
	for _, f := range found {
		_, rest, ok := serviceLabel(f.Message)
		if !ok || f.Pos.Line == 0 {
			out = append(out, f)
			continue
		}
		k := place{at: model.Pos{File: f.Pos.File, Line: f.Pos.Line, Col: f.Pos.Col}, rest: rest}
		if _, seen := first[k]; seen {
			others[k]++
			continue
		}
		first[k] = len(out)
		out = append(out, f)
	}
	for k, n := range others {
		f := &out[first[k]]
		name, _, _ := serviceLabel(f.Message)
		f.Message = sharedLabel(name, n) + k.rest
	}
	return out
}

// serviceLabel splits a message that starts with a service's label
// (`service "web" ...`) into the service's name and the rest.
func serviceLabel(msg string) (name, rest string, ok bool) {
	after, ok := strings.CutPrefix(msg, "service ")
	if !ok {
		return "", "", false
	}
	q, err := strconv.QuotedPrefix(after)
	if err != nil {
		return "", "", false
	}
	name, err = strconv.Unquote(q)
	return name, after[len(q):], err == nil
}

// checkImage judges the image a service pulls; a service that builds its
// image is judged through its Dockerfile. judge says what is wrong with
// the image; msg gets the service's label and that.
func checkImage(p *rule.Pass, s *model.ComposeService, judge func(image model.Str) (string, bool), msg string) {
	if s.Build != nil {
		return
	}
	if what, ok := judge(s.Image); ok {
		p.Reportf(s, s.Image.Pos.Or(s.Pos), msg, label(s), what)
	}
}

// sharedLabel names service name in a finding about a line that others
// other services share: `service "api" (and 2 other services, which share
// this line)`.
func sharedLabel(name string, others int) string {
	l := fmt.Sprintf("service %q", name)
	switch others {
	case 0:
		return l
	case 1:
		return l + " (and 1 other service, which shares this line)"
	}
	return fmt.Sprintf("%s (and %d other services, which share this line)", l, others)
}
