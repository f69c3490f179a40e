// Package finding holds what a scan reports: findings with their severity and
// lifecycle phase, and diagnostics about inputs that could not be read.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/shipshape/shipshape/internal/model"
)

// Severity orders findings from info to critical.
type Severity int8

// The severities, lowest first.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return "unknown"
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, low, medium, high or critical)", s)
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Phase is the lifecycle phase a rule belongs to; reports group by it.
type Phase string

// The lifecycle phases of the guidance, in order.
const (
	PhaseImage        Phase = "image"
	PhaseBuild        Phase = "build"
	PhaseVuln         Phase = "vuln"
	PhaseSupplyChain  Phase = "supply-chain"
	PhaseOrchestrator Phase = "orchestrator"
	PhaseHost         Phase = "host"
	PhaseRuntime      Phase = "runtime"
)

// Phases lists the phases in lifecycle order.
var Phases = []Phase{PhaseImage, PhaseBuild, PhaseVuln, PhaseSupplyChain, PhaseOrchestrator, PhaseHost, PhaseRuntime}

// Title is the phase's heading in reports.
func (p Phase) Title() string {
	switch p {
	case PhaseImage:
		return "Image development"
	case PhaseBuild:
		return "Build"
	case PhaseVuln:
		return "Vulnerability management"
	case PhaseSupplyChain:
		return "Supply chain"
	case PhaseOrchestrator:
		return "Orchestrator"
	case PhaseHost:
		return "Host and isolation"
	case PhaseRuntime:
		return "Runtime protection"
	}
	return string(p)
}

// Finding is one rule failing on one resource.
//
// A scan holds every finding until its report is written, so a Finding is
// kept small: what all the findings of a rule share (its title and phase)
// and what all the findings on a resource share (its ID, type, line,
// suppressions, format and live location) are held once and pointed to,
// and the scan interns its strings. RuleInfo and Subject are shared, and
// set on every finding (rule.Pass sets them): to change a field of either
// for one finding, give it a changed copy.
type Finding struct {
	*RuleInfo
	*Subject
	RuleID string
	// Message says what is wrong and what to set.
	Message string
	Pos     model.Pos
	// Related are other places the finding concerns: for a value a
	// Terraform module's caller wrote (Pos), the module's line that uses it.
	Related []model.Pos
	// Instance is what the message ends with to name the Terraform module
	// instance and root module of the resource ("" for other resources);
	// baselines written before it was added still match without it.
	Instance string
	// Condition is set when the finding holds only under some values of
	// template conditions that could not be evaluated.
	Condition string
	// Peers narrow the rule's peer check IDs to those this finding
	// corresponds to (package-pinning: DL3008 for apt-get, DL3018 for apk),
	// so that another tool's suppression of one check does not hide the
	// rule's other findings; nil means all of the rule's peers.
	Peers []string
	// Fingerprint identifies the finding across line moves (for baselines).
	Fingerprint string
	// Suppression is set when the finding was suppressed.
	Suppression *Suppression
	Severity    Severity
	// Fixable says that `shipshape fix` has a fix for the finding's rule
	// and input format.
	Fixable bool
}

// RuleInfo is what the findings of one rule share.
type RuleInfo struct {
	Title string
	Phase Phase
}

// infos are the RuleInfo of every rule that reported a finding.
var infos struct {
	sync.Mutex
	m map[RuleInfo]*RuleInfo
}

// InfoOf returns the RuleInfo of a rule's title and phase, the same for
// every caller.
func InfoOf(title string, phase Phase) *RuleInfo {
	infos.Lock()
	defer infos.Unlock()
	k := RuleInfo{Title: title, Phase: phase}
	if r, ok := infos.m[k]; ok {
		return r
	}
	if infos.m == nil {
		infos.m = map[RuleInfo]*RuleInfo{}
	}
	r := &k
	infos.m[k] = r
	return r
}

// Subject is the resource a finding is on, shared by the resource's
// findings.
type Subject struct {
	// Resource is the resource's ID in its scope and ResourceType its source type.
	Resource     string
	ResourceType string
	// ResourceLine is where the resource is declared; a suppression there
	// covers all of the resource's findings.
	ResourceLine int
	// Ignores are the suppressions attached to the resource (they point
	// into the resource's metadata, which holds no model values).
	Ignores []model.Ignore
	Format  model.Format
	// Live locates a finding on a live AWS resource (its ARN, account,
	// Region and short name); nil for files.
	Live *model.LiveInfo
}

// LiveInfo is where the live resource is (zero for files).
func (f *Finding) LiveInfo() model.LiveInfo {
	if f.Live == nil {
		return model.LiveInfo{}
	}
	return *f.Live
}

// Suppression says why a finding is not counted.
type Suppression struct {
	// Kind is "inline", "metadata", "checkov", "cfn-nag", "hadolint", "trivy", "config" or "baseline".
	Kind   string
	Reason string
	Pos    model.Pos
}

// ComputeFingerprint sets f.Fingerprint from what does not change when lines
// move: the rule, the file, the resource and the message.
func (f *Finding) ComputeFingerprint() {
	// The four strings, each followed by a zero byte, hashed at once (in a
	// buffer on the stack unless they are long).
	var buf [512]byte
	b := buf[:0]
	for _, s := range [...]string{f.RuleID, f.Pos.File, f.Resource, f.Message} {
		b = append(b, s...)
		b = append(b, 0)
	}
	sum := sha256.Sum256(b)
	// 20 hex digits, in a string of their own (not a slice of all 64).
	f.Fingerprint = hex.EncodeToString(sum[:10])
}

// Diagnostic is a problem with an input rather than a finding about it.
type Diagnostic struct {
	Pos model.Pos
	// Level is "error" for an input that could not be read or parsed (exit
	// code 2), "warning" for one that was read with problems, "notice" for
	// information such as a skipped remote module.
	Level   string
	Message string
	// Kind names what the diagnostic is about in words that follow a count
	// ("remote modules not checked (not installed: run terraform init)"):
	// text output folds diagnostics of one kind and level into one line.
	// Empty means the message itself is the kind (identical messages fold).
	Kind string
}

// The diagnostic levels.
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelNotice  = "notice"
)

func (d Diagnostic) String() string {
	loc := d.Pos.File
	if d.Pos.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, d.Pos.Line)
	}
	return fmt.Sprintf("%s: %s: %s", loc, d.Level, d.Message)
}
