package suppress

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// FuzzParse reads arbitrary comments as directives: nothing may panic, a
// directive has a kind and its IDs are non-empty words, and only
// shipshape's own directive carries a reason, which is trimmed.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"# shipshape:ignore ecs/privileged -- needed for the agent",
		"# shipshape:ignore ecs/privileged,ecr/scan-on-push -- why",
		"#shipshape:ignore df/user -- see #123: root -- really",
		"# shipshape:ignore ecs/* -- legacy\r",
		"# hadolint ignore=DL3008, SC2086",
		"# checkov:skip=CKV_AWS_97:handled elsewhere",
		"# trivy:ignore:AVD-AWS-0030",
		"#tfsec:ignore:aws-ecr-enable-image-scans",
		"# ignore the next line, it is fine",
		"// shipshape:ignore k8s/privileged -- kind cluster",
		"/* checkov:skip=CKV_K8S_1 */",
	} {
		f.Add(s)
	}
	r := &rule.Rule{ID: "ecs/privileged", Peers: rule.Peers{Hadolint: []string{"DL3002"}, Checkov: []string{"CKV_AWS_97"}, Trivy: []string{"AVD-AWS-0030"}}}
	f.Fuzz(func(t *testing.T, comment string) {
		defer fuzzguard.Watch([]byte(comment))()
		d, ok := Parse(model.Pos{File: "f", Line: 1}, comment)
		if !ok {
			return
		}
		if d.Kind == "" {
			t.Fatalf("Parse(%q): directive without a kind", comment)
		}
		if d.Kind != KindInline && len(d.IDs) == 0 {
			t.Fatalf("Parse(%q): %s directive without IDs", comment, d.Kind)
		}
		for _, id := range d.IDs {
			if id == "" || strings.ContainsAny(id, " \t,") {
				t.Fatalf("Parse(%q): malformed ID %q", comment, id)
			}
		}
		if d.Reason != strings.TrimSpace(d.Reason) {
			t.Fatalf("Parse(%q): reason %q is not trimmed", comment, d.Reason)
		}
		_ = d.Covers(r)
		_ = d.NeedsReason()
	})
}
