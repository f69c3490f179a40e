package scan

import (
	"strings"
	"sync"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// interner shares the strings of a scan's findings: a scan holds every
// finding until its report is written, and the same message, resource ID
// or file name comes back in many of them (one rule on many containers,
// copies of a template). A finding's strings may also be slices of a
// parser's buffers (a Dockerfile stage name is a slice of its FROM line),
// which interning copies out, so that the parsed file does not stay alive
// with the findings. An interner lives for one scan and is safe for
// concurrent use.
type interner struct {
	mu sync.Mutex
	m  map[string]string
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

// findings interns the strings of fs and returns them as a job holds
// them until the scan's findings are merged (fs is not used after).
func (in *interner) findings(fs []finding.Finding) []held {
	if len(fs) == 0 {
		return nil
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]held, len(fs))
	var last *finding.Subject
	for i := range fs {
		f := &fs[i]
		f.Message = in.str(f.Message)
		f.Pos.File = in.str(f.Pos.File)
		f.Condition = in.str(f.Condition)
		if s := f.Subject; s != nil && s != last {
			// A job's subjects are its own: interning again is harmless.
			s.Resource = in.str(s.Resource)
			s.ResourceType = in.str(s.ResourceType)
			last = s
		}
		out[i] = hold(f)
	}
	return out
}

// held is a finding as a job holds it until the scan's findings are
// merged: most findings need no more than a rule, a resource, a message,
// a place and their peers, in 112 bytes rather than a Finding's 200; the
// others are held whole.
type held struct {
	info      *finding.RuleInfo
	subj      *finding.Subject
	full      *finding.Finding // set: the finding is this
	ruleID    string
	msg       string
	file      string
	peers     []string
	line, col int32
	sev       finding.Severity
	fixable   bool
}

// hold returns f as a job holds it.
func hold(f *finding.Finding) held {
	if f.Related != nil || f.Instance != "" || f.Condition != "" || f.Fingerprint != "" || f.Suppression != nil ||
		f.Pos.Related != nil || f.Pos.Line != int(int32(f.Pos.Line)) || f.Pos.Col != int(int32(f.Pos.Col)) {
		c := *f
		return held{full: &c}
	}
	return held{info: f.RuleInfo, subj: f.Subject, ruleID: f.RuleID, msg: f.Message, file: f.Pos.File, peers: f.Peers,
		line: int32(f.Pos.Line), col: int32(f.Pos.Col), sev: f.Severity, fixable: f.Fixable}
}

// finding returns the finding h holds.
func (h *held) finding() finding.Finding {
	if h.full != nil {
		return *h.full
	}
	return finding.Finding{RuleInfo: h.info, Subject: h.subj, RuleID: h.ruleID, Message: h.msg,
		Pos: model.Pos{File: h.file, Line: int(h.line), Col: int(h.col)}, Peers: h.peers, Severity: h.sev, Fixable: h.fixable}
}

// str returns the scan's copy of s (in.mu held).
func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := in.m[s]; ok {
		return c
	}
	c := strings.Clone(s)
	in.m[c] = c
	return c
}
