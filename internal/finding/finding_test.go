package finding_test

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// Fingerprints are stored in baselines: they must not change. The values
// are those of SHA-256 over rule ID, file, resource and message, each
// followed by a zero byte (20 hex digits), as computed since baselines
// were introduced; the second message is longer than the stack buffer.
func TestFingerprintStable(t *testing.T) {
	for _, tc := range []struct {
		rule, file, resource, msg, want string
	}{
		{"ecr/scan-on-push", "stack.yaml", "Repo", "ScanOnPush is false", "0d75766741e4cc0079ee"},
		{"r", "f", "", strings.Repeat("long message ", 60), "3089504719656c91f8ac"},
	} {
		f := finding.Finding{RuleID: tc.rule, Message: tc.msg, Pos: model.Pos{File: tc.file, Line: 7}, Subject: &finding.Subject{Resource: tc.resource}}
		f.ComputeFingerprint()
		if f.Fingerprint != tc.want {
			t.Errorf("fingerprint of %s on %q = %s, want %s", tc.rule, tc.resource, f.Fingerprint, tc.want)
		}
	}
}
