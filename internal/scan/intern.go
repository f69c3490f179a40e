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
// with the findings. It also numbers what findings point to, so that jobs
// hold their findings as numbers (held). An interner lives for one scan;
// findings is safe for concurrent use, finding is called once the jobs
// are done.
type interner struct {
	mu       sync.Mutex
	index    map[string]uint32
	strs     []string // by number; 0 is ""
	rules    table[ruleRef]
	subjects table[*finding.Subject]
	peers    [][]string // by number; 0 is nil
	peerIdx  map[string]uint32
	full     []*finding.Finding // by number; 0 is none
}

// ruleRef is a rule as its findings name it.
type ruleRef struct {
	info *finding.RuleInfo
	id   string
}

// table numbers values: 0 is the zero value.
type table[T comparable] struct {
	index map[T]uint32
	vals  []T
}

func (t *table[T]) number(v T) uint32 {
	var zero T
	if v == zero {
		return 0
	}
	if n, ok := t.index[v]; ok {
		return n
	}
	if t.index == nil {
		t.index = map[T]uint32{}
		t.vals = []T{zero}
	}
	n := uint32(len(t.vals))
	t.vals = append(t.vals, v)
	t.index[v] = n
	return n
}

func (t *table[T]) at(n uint32) T {
	var zero T
	if n == 0 {
		return zero
	}
	return t.vals[n]
}

func newInterner() *interner {
	return &interner{index: map[string]uint32{}, strs: []string{""}, peers: [][]string{nil}, peerIdx: map[string]uint32{}, full: []*finding.Finding{nil}}
}

// held is a finding as a job holds it until the scan's findings are
// merged: numbers given by the scan's interner, in 36 bytes rather than a
// Finding's 200, and without pointers, which the garbage collector would
// follow in every collection while the scan runs. Findings with more
// (related lines, a module instance, a condition) are held whole (full).
type held struct {
	rule, subj, msg, file, peers, full uint32
	line, col                          int32
	sev                                finding.Severity
	fixable                            bool
}

// findings interns the strings of fs and returns them as a job holds
// them (fs is not used after).
func (in *interner) findings(fs []finding.Finding) []held {
	if len(fs) == 0 {
		return nil
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make([]held, len(fs))
	var last *finding.Subject
	// A job's findings are mostly in one file: its name is looked up once
	// (a string compare rather than hashing it for each finding).
	var lastFile string
	var lastFileN uint32
	var seen lastNumbers
	for i := range fs {
		f := &fs[i]
		var msg, file uint32
		f.Message, msg = in.intern(f.Message)
		if f.Pos.File == lastFile && lastFileN != 0 {
			f.Pos.File, file = in.strs[lastFileN], lastFileN
		} else {
			f.Pos.File, file = in.intern(f.Pos.File)
			lastFile, lastFileN = f.Pos.File, file
		}
		f.Condition = in.str(f.Condition)
		if s := f.Subject; s != nil && s != last {
			// A job's subjects are its own: interning again is harmless.
			s.Resource = in.str(s.Resource)
			s.ResourceType = in.str(s.ResourceType)
			last = s
		}
		out[i] = in.hold(f, msg, file, &seen)
	}
	return out
}

// lastNumbers are the rule and subject a job's previous finding was held
// with: the next is mostly of the same rule or resource, found without a
// map look-up.
type lastNumbers struct {
	rule    ruleRef
	ruleN   uint32
	subj    *finding.Subject
	subjN   uint32
	ruleSet bool
}

// hold returns f as a job holds it, given the numbers of its interned
// message and file (in.mu held).
func (in *interner) hold(f *finding.Finding, msg, file uint32, seen *lastNumbers) held {
	if f.Related != nil || f.Instance != "" || f.Condition != "" || (f.Peers != nil && len(f.Peers) == 0) || f.Fingerprint != "" || f.Suppression != nil ||
		f.Pos.Related != nil || f.Pos.Line != int(int32(f.Pos.Line)) || f.Pos.Col != int(int32(f.Pos.Col)) {
		c := *f
		in.full = append(in.full, &c)
		return held{full: uint32(len(in.full) - 1)}
	}
	if r := (ruleRef{f.RuleInfo, f.RuleID}); !seen.ruleSet || r != seen.rule {
		seen.rule, seen.ruleN, seen.ruleSet = r, in.rules.number(r), true
	}
	if f.Subject != seen.subj || f.Subject == nil {
		seen.subj, seen.subjN = f.Subject, in.subjects.number(f.Subject)
	}
	return held{rule: seen.ruleN, subj: seen.subjN,
		msg: msg, file: file, peers: in.peerList(f.Peers),
		line: int32(f.Pos.Line), col: int32(f.Pos.Col), sev: f.Severity, fixable: f.Fixable}
}

// peerList numbers a finding's peer IDs (in.mu held).
func (in *interner) peerList(ids []string) uint32 {
	if ids == nil {
		return 0
	}
	var key string
	if len(ids) == 1 {
		key = ids[0] // as Join makes it for one ID (most lists), without a new string
	} else {
		key = strings.Join(ids, "\x00")
	}
	if n, ok := in.peerIdx[key]; ok {
		return n
	}
	in.peers = append(in.peers, append([]string(nil), ids...))
	n := uint32(len(in.peers) - 1)
	in.peerIdx[key] = n
	return n
}

// finding returns the finding h holds (once the jobs are done).
func (in *interner) finding(h held) finding.Finding {
	if h.full != 0 {
		return *in.full[h.full]
	}
	r := in.rules.at(h.rule)
	return finding.Finding{RuleInfo: r.info, Subject: in.subjects.at(h.subj), RuleID: r.id, Message: in.strs[h.msg],
		Pos: model.Pos{File: in.strs[h.file], Line: int(h.line), Col: int(h.col)}, Peers: in.peers[h.peers], Severity: h.sev, Fixable: h.fixable}
}

// str returns the scan's copy of s (in.mu held).
func (in *interner) str(s string) string {
	c, _ := in.intern(s)
	return c
}

// intern returns the scan's copy of s and its number (in.mu held).
func (in *interner) intern(s string) (string, uint32) {
	if s == "" {
		return "", 0
	}
	if n, ok := in.index[s]; ok {
		return in.strs[n], n
	}
	c := strings.Clone(s)
	in.strs = append(in.strs, c)
	n := uint32(len(in.strs) - 1)
	in.index[c] = n
	return c, n
}
