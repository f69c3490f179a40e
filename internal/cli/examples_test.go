package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScheduledECRScanExample checks that the CloudFormation template of
// examples/ecr-scan passes shipshape scan with no finding and no
// diagnostic, passes cfn-lint (required under CI=true), and runs the
// command its README names.
func TestScheduledECRScanExample(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "ecr-scan", "scheduled-ecr-scan.yaml")
	var out, errb bytes.Buffer
	code := Main([]string{"scan", "--format", "json", "--fail-on", "info", path}, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != 0 || !strings.Contains(out.String(), `"findings": []`) || !strings.Contains(out.String(), `"diagnostics": []`) {
		t.Errorf("shipshape scan %s: exit %d\n%s\n%s", path, code, out.String(), errb.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- ecr-scan\n", "- --running\n", "!Sub sns:${AlertsTopic}", "AWS::Scheduler::Schedule", "ecr:StartImageScan", "LaunchType: FARGATE"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s lacks %q", path, want)
		}
	}
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("cfn-lint is not installed (.ci/run installs it)")
		}
		t.Skip("cfn-lint not installed")
	}
	if msg, err := exec.Command(lint, "--", path).CombinedOutput(); err != nil {
		t.Errorf("cfn-lint %s: %v\n%s", path, err, msg)
	}
}
