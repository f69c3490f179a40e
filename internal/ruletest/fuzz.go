package ruletest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/rule"
)

// CheckResult runs every registered rule on the states of an adapter result,
// without the scan's panic recovery, and fails the test when a diagnostic or
// finding is malformed, or a rule finds something in a format its Inputs
// do not name (the scan would not have run it there). Fuzz targets call it so that a crash anywhere from
// the adapter to the rules is found.
func CheckResult(t *testing.T, file string, res adapt.Result) {
	t.Helper()
	for _, d := range res.Diagnostics {
		if d.Pos.File != file {
			t.Errorf("diagnostic names file %q, want %q: %s", d.Pos.File, file, d.Message)
		}
		if d.Message == "" {
			t.Errorf("diagnostic without a message at line %d", d.Pos.Line)
		}
	}
	for _, st := range res.States {
		if st == nil {
			t.Fatal("adapter returned a nil state")
		}
		if st.Format == "" {
			t.Errorf("state %q has no format", st.Scope)
		}
		for _, r := range rule.All() {
			r.Check(rule.NewPass(r, st, nil, func(f finding.Finding) {
				if f.Message == "" || f.RuleID != r.ID {
					t.Errorf("malformed finding from %s: %+v", r.ID, f)
				}
				if f.Pos.Line < 0 {
					t.Errorf("finding from %s at negative line %d", r.ID, f.Pos.Line)
				}
				if len(r.Inputs) > 0 && !r.Supports(st.Format) {
					// The scan runs a rule only on the formats it names.
					t.Errorf("%s found %q in a state of format %q, which its Inputs do not name: add the format", r.ID, f.Message, st.Format)
				}
			}))
		}
	}
}

// AddSeeds adds every file matching the glob patterns (relative to the test's
// directory) to the fuzz corpus, so that the rule fixtures seed the fuzzers.
func AddSeeds(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pat := range patterns {
		files, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}
