package rule

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/secrets"
	"github.com/shipshape/shipshape/internal/smallmap"
)

// Pass is one rule looking at one state.
type Pass struct {
	Rule  *Rule
	State *model.State
	// Settings are the scan-wide settings rules may read.
	Settings *Settings
	// Subjects, when set, are shared by the passes over one state, so
	// that the findings of every rule on a resource share its
	// finding.Subject (nil: the pass keeps its own).
	Subjects Subjects
	report   func(finding.Finding)
	info     *finding.RuleInfo
	// facts are what Fact holds for the rules of this state (a state has
	// few, and a Go map for each would cost more than searching them).
	facts smallmap.Map[any, any]
}

// Subjects holds the finding.Subject of each resource, by its metadata.
type Subjects map[*model.Meta]*finding.Subject

// subject returns the finding.Subject of the resource m.
func (p *Pass) subject(m *model.Meta) *finding.Subject {
	if p.Subjects == nil {
		p.Subjects = Subjects{}
	}
	if s, ok := p.Subjects[m]; ok {
		return s
	}
	s := &finding.Subject{Resource: m.ID, ResourceType: m.Type, ResourceLine: m.Pos.Line, Ignores: m.Ignores, Format: m.Format, Live: m.Live}
	p.Subjects[m] = s
	return s
}

// Settings are what a rule may be configured with.
type Settings struct {
	// TrustedRegistries are registry host patterns images may come from.
	TrustedRegistries []string
	// Strict requires digests where tags would otherwise do.
	Strict bool
	// Params holds per-rule parameters: rule ID -> name -> value.
	Params map[string]map[string]string
	// Now is the scan's clock, for age checks.
	Now time.Time
	// Secrets is the secret detector, tuned by the config (default when nil).
	Secrets *secrets.Detector
}

// SecretDetector returns the configured secret detector.
func (s *Settings) SecretDetector() *secrets.Detector {
	if s == nil || s.Secrets == nil {
		return secrets.Default
	}
	return s.Secrets
}

// NewPass prepares a pass that hands findings to report.
func NewPass(r *Rule, s *model.State, settings *Settings, report func(finding.Finding)) *Pass {
	if settings == nil {
		settings = &Settings{}
	}
	return &Pass{Rule: r, State: s, Settings: settings, report: report}
}

// Fact returns a fact a rule derived from the state earlier (with
// SetFact), so that several rules deriving the same one (the package
// installs of a RUN) derive it once per state. A key's type belongs to the
// package that uses it, so that keys of different uses never meet.
func (p *Pass) Fact(key any) (any, bool) { return p.facts.Get(key) }

// SetFact keeps a fact derived from the state for the rules run on it
// after this one.
func (p *Pass) SetFact(key, v any) { p.facts.Set(key, v) }

// Reset readies the pass for rule r on the same state, keeping its
// settings, subjects, facts and report function, so that one Pass serves every
// rule run on a state rather than one being allocated for each.
func (p *Pass) Reset(r *Rule) {
	p.Rule = r
	p.info = nil
}

// Reportf records a finding on resource res at pos (the property at fault,
// or the resource itself when pos has no line).
func (p *Pass) Reportf(res model.Resource, pos model.Pos, format string, args ...any) {
	p.emit(p.Rule.Severity, res, pos, fmt.Sprintf(format, args...))
}

// Report is Reportf for a message already written (joined with +): the
// rules that report most findings spare fmt's work and the boxing of
// each argument.
func (p *Pass) Report(res model.Resource, pos model.Pos, msg string) {
	p.emit(p.Rule.Severity, res, pos, msg)
}

// ReportPeers is ReportPeersf for a message already written.
func (p *Pass) ReportPeers(peers []string, res model.Resource, pos model.Pos, msg string) {
	p.emitPeers(p.Rule.Severity, peers, res, pos, msg)
}

// ReportSeverity is Reportf with a severity other than the rule's default,
// for rules whose findings vary (ecs-task/host-network: bridge is low).
func (p *Pass) ReportSeverity(sev finding.Severity, res model.Resource, pos model.Pos, format string, args ...any) {
	p.emit(sev, res, pos, fmt.Sprintf(format, args...))
}

// ReportPeersf is Reportf for a finding that corresponds to only some of
// the rule's peer checks (peers: their IDs), so that a suppression naming
// another of them does not cover it.
func (p *Pass) ReportPeersf(peers []string, res model.Resource, pos model.Pos, format string, args ...any) {
	p.emitPeers(p.Rule.Severity, peers, res, pos, fmt.Sprintf(format, args...))
}

// Collect runs f and returns the findings it reports instead of recording
// them, so that a rule can merge or reword them before it records them
// with Record.
func (p *Pass) Collect(f func()) []finding.Finding {
	saved := p.report
	var got []finding.Finding
	p.report = func(fd finding.Finding) { got = append(got, fd) }
	defer func() { p.report = saved }()
	f()
	return got
}

// Record records findings that Collect returned.
func (p *Pass) Record(fs ...finding.Finding) {
	for _, f := range fs {
		p.report(f)
	}
}

// ReportManualf is Reportf for a finding that the rule's fix cannot
// repair because what is at fault is written in a file the fix does not
// edit (a Compose project's .env): it is not marked fixable.
func (p *Pass) ReportManualf(res model.Resource, pos model.Pos, format string, args ...any) {
	p.report(p.finding(p.Rule.Severity, nil, res, pos, fmt.Sprintf(format, args...), false))
}

func (p *Pass) emit(sev finding.Severity, res model.Resource, pos model.Pos, msg string) {
	p.emitPeers(sev, nil, res, pos, msg)
}

func (p *Pass) emitPeers(sev finding.Severity, peers []string, res model.Resource, pos model.Pos, msg string) {
	p.report(p.finding(sev, peers, res, pos, msg, true))
}

// finding makes the finding of the rule being run; fixable says whether
// the rule's fix for the resource's format applies to it.
func (p *Pass) finding(sev finding.Severity, peers []string, res model.Resource, pos model.Pos, msg string, fixable bool) finding.Finding {
	m := res.Info()
	var instance string
	if m.Format == model.Terraform && strings.HasPrefix(m.ID, "module.") {
		instance = instanceOf(msg, m.ID, p.State)
		msg += instance
	}
	if p.info == nil {
		p.info = p.Rule.Info()
	}
	f := finding.Finding{
		RuleInfo: p.info,
		Subject:  p.subject(m),
		Peers:    peers,
		RuleID:   p.Rule.ID,
		Severity: sev,
		Message:  msg,
		Pos:      pos.Or(m.Pos),
		Fixable:  fixable && p.Rule.Fixable(m.Format),
		Instance: instance,
	}
	if r := f.Pos.Related; r != nil {
		f.Related = []model.Pos{*r}
		f.Pos.Related = nil
	}
	return f
}

// instanceOf is what a finding's message ends with to name the module
// instance a Terraform resource belongs to and the root module that calls
// it, so that the findings of a module that several roots or instances use
// differ (and so do their fingerprints).
func instanceOf(msg, addr string, st *model.State) string {
	root := "."
	if st != nil && st.Scope != "" {
		root = st.Scope
	}
	if root == "." {
		root = "./"
	}
	if strings.Contains(msg, addr) {
		return " (root module " + root + ")"
	}
	return " (" + addr + ", root module " + root + ")"
}

// Param returns the rule parameter name, or def when it is not configured.
func (p *Pass) Param(name, def string) string {
	if v, ok := p.Settings.Params[p.Rule.ID][name]; ok {
		return v
	}
	return def
}

// IntParam returns an integer rule parameter, or def when it is not set or not a number.
func (p *Pass) IntParam(name string, def int) int {
	s, ok := p.Settings.Params[p.Rule.ID][name]
	if !ok {
		return def // not set: no number to parse (a failed Atoi allocates its error)
	}
	if v, err := strconv.Atoi(s); err == nil {
		return v
	}
	return def
}
