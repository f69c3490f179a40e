package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/shipshape/shipshape/internal/inputs"
	"github.com/shipshape/shipshape/internal/report"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestSecretsMaskedInEveryFormat scans a real template holding secrets (one
// finding counted, one suppressed) and checks that no report format carries
// a secret value, only its masked form. The values are assembled at run time
// so that the repository holds nothing that looks like a live credential.
func TestSecretsMaskedInEveryFormat(t *testing.T) {
	stripe := "sk_" + "live_" + "51HqLyjWDarjtT1zdp7dc" + strings.Repeat("Q", 24)
	github := "gh" + "p_" + strings.Repeat("aB3", 12)
	template := `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0
          Environment:
            - Name: STRIPE_API_KEY
              Value: ` + stripe + `
        - Name: worker
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.0
          Environment:
            - Name: GITHUB_TOKEN
              # shipshape:ignore ecs-task/secrets-in-env -- rotated weekly, test account only
              Value: ` + github + `
`
	dir := t.TempDir()
	path := filepath.Join(dir, "stack.yaml")
	if err := os.WriteFile(path, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(scan.Options{Paths: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	counted, suppressed := 0, 0
	for _, f := range res.Findings {
		if f.RuleID == "ecs-task/secrets-in-env" {
			counted++
		}
	}
	for _, f := range res.Suppressed {
		if f.RuleID == "ecs-task/secrets-in-env" {
			suppressed++
		}
	}
	if counted != 1 || suppressed != 1 {
		t.Fatalf("ecs-task/secrets-in-env: %d counted, %d suppressed, want 1 and 1: %+v %+v", counted, suppressed, res.Findings, res.Suppressed)
	}
	for _, format := range report.Formats {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, res, report.Options{Version: "test", ShowSuppressed: true, Verbose: true}); err != nil {
			t.Fatal(err)
		}
		// Markdown escapes "_" and "*": undo it, or a leak would hide.
		out := strings.NewReplacer(`\_`, "_", `\*`, "*").Replace(buf.String())
		for _, secret := range []string{stripe, github, stripe[:16], github[:12]} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains the secret %q", format, secret)
			}
		}
		if !strings.Contains(out, "STRIPE") || !strings.Contains(out, "*****") {
			t.Errorf("%s output does not name the variable with a masked value:\n%s", format, out)
		}
	}
}
