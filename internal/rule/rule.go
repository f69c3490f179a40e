// Package rule defines what a rule is and keeps the registry of all rules.
// A rule is a plain value, in the spirit of go/analysis: an ID, its
// documentation, the peer checks it corresponds to, and one Check function
// from a model.State to findings. Rules register themselves from init
// functions, one file each, under internal/rules.
package rule

import (
	"fmt"
	"sort"
	"sync"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// Rule is one check.
type Rule struct {
	// ID is the public name, such as "ecr/scan-on-push".
	ID    string
	Title string
	Phase finding.Phase
	// Severity is the default severity.
	Severity finding.Severity
	// Rationale says why it matters, with the guidance it comes from.
	Rationale string
	// Remediation holds a snippet to paste, per input format.
	Remediation map[model.Format]string
	// Inputs are the formats that can express what the rule reads.
	Inputs []model.Format
	// Peers are the corresponding checks of other tools.
	Peers Peers
	// Former are IDs the rule's findings were reported under before (a
	// Kubernetes finding once reported as ecs-task/trusted-registry):
	// suppressions and baselines that name them still apply, with a notice.
	Former []string
	// Params documents the rule parameters a config file may set, with their defaults.
	Params map[string]string
	// Check reports findings on one state.
	Check func(*Pass)
	// Fixes repair findings in their source, per input format; a finding
	// of a format with a fix function is auto-fixable.
	Fixes map[model.Format]FixFunc
	// info is the RuleInfo of Title and Phase, looked up once when the
	// rule is registered (Info).
	info *finding.RuleInfo
}

// Info returns the RuleInfo its findings share: the one looked up when the
// rule was registered, or (for a rule not registered, or whose title or
// phase changed since) finding.InfoOf's.
func (r *Rule) Info() *finding.RuleInfo {
	if i := r.info; i != nil && i.Title == r.Title && i.Phase == r.Phase {
		return i
	}
	return finding.InfoOf(r.Title, r.Phase)
}

// Fixable reports whether the rule can repair findings of format f.
func (r *Rule) Fixable(f model.Format) bool { return r.Fixes[f] != nil }

// Peers are the IDs of equivalent checks elsewhere.
type Peers struct {
	SecurityHub []string `json:"securityHub,omitempty"`
	Checkov     []string `json:"checkov,omitempty"`
	Trivy       []string `json:"trivy,omitempty"`
	Hadolint    []string `json:"hadolint,omitempty"`
	Dockle      []string `json:"dockle,omitempty"`
	KICS        []string `json:"kics,omitempty"`
	CfnNag      []string `json:"cfnNag,omitempty"`
}

// All lists every peer ID, for matching third-party suppressions.
func (p Peers) All() []string {
	var out []string
	for _, l := range [][]string{p.SecurityHub, p.Checkov, p.Trivy, p.Hadolint, p.Dockle, p.KICS, p.CfnNag} {
		out = append(out, l...)
	}
	return out
}

// Supports reports whether the rule reads inputs of format f.
func (r *Rule) Supports(f model.Format) bool {
	for _, in := range r.Inputs {
		if in == f {
			return true
		}
	}
	return false
}

var (
	mu       sync.RWMutex
	registry = map[string]*Rule{}
)

// Register adds a rule; it panics on a duplicate or incomplete rule, which
// is a programming error found by the first test run.
func Register(r *Rule) {
	mu.Lock()
	defer mu.Unlock()
	switch {
	case r.ID == "" || r.Title == "" || r.Check == nil || r.Phase == "" || r.Severity == 0:
		panic(fmt.Sprintf("rule %q is incomplete", r.ID))
	case registry[r.ID] != nil:
		panic(fmt.Sprintf("rule %q registered twice", r.ID))
	}
	r.info = finding.InfoOf(r.Title, r.Phase)
	registry[r.ID] = r
}

// All returns every registered rule sorted by ID.
func All() []*Rule {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Rule {
	mu.RLock()
	defer mu.RUnlock()
	return registry[id]
}
