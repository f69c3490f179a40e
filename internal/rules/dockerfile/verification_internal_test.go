package dockerfile

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestBuiltPackagesMessage checks that apk --allow-untrusted for packages a
// build stage made says where they come from and how to sign them, and that
// other uses keep the plain message.
func TestBuiltPackagesMessage(t *testing.T) {
	res, err := scan.Run(scan.Options{Paths: []string{"testdata/default/verification-disabled-built.Dockerfile"}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		11: `for packages built in stage "builder", which also accepts unsigned dependencies`,
		14: `for packages built in stage "builder", which also accepts unsigned dependencies`,
		17: "runs apk --allow-untrusted, so package signatures are not checked",
		20: "runs apk --allow-untrusted, so package signatures are not checked",
	}
	got := map[int]string{}
	for _, f := range res.Findings {
		if f.RuleID == "dockerfile/verification-disabled" {
			got[f.Pos.Line] = f.Message
		}
	}
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: message %q, want it to hold %q", line, got[line], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d findings, want %d: %v", len(got), len(want), got)
	}
}
