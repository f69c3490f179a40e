package scan_test

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	_ "github.com/shipshape/shipshape/internal/inputs"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestCorpus scans every real-world file of the shared corpus and fails on
// any internal error (a recovered panic in an adapter or a rule). Parse
// errors of broken files are fine: they are diagnostics, not crashes.
func TestCorpus(t *testing.T) {
	for _, kind := range []string{"cloudformation", "taskdef", "kubernetes", "dockerfile", "terraform"} {
		t.Run(kind, func(t *testing.T) {
			dir := corpus.Dir(t, kind)
			res, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Files == 0 {
				t.Fatalf("no file of %s was recognised", dir)
			}
			levels := map[string]int{}
			for _, d := range res.Diagnostics {
				levels[d.Level]++
				if strings.Contains(d.Message, "internal error") {
					t.Errorf("%s", d)
				}
				if d.Pos.File == "" {
					t.Errorf("diagnostic without a file: %s", d)
				}
			}
			t.Logf("%s: %d files scanned, %d findings, diagnostics %v", kind, res.Files, len(res.Findings), levels)
		})
	}
}
