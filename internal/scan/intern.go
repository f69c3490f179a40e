package scan

import (
	"strings"
	"sync"

	"github.com/shipshape/shipshape/internal/finding"
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

// findings interns the strings of fs and returns them in a slice of their
// own, without the spare capacity appends left (fs is not used after).
func (in *interner) findings(fs []finding.Finding) []finding.Finding {
	if len(fs) == 0 {
		return nil
	}
	in.mu.Lock()
	defer in.mu.Unlock()
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
	}
	if cap(fs) == len(fs) {
		return fs
	}
	return append([]finding.Finding(nil), fs...)
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
