// Package awsit holds the integration tests of the aws commands: they start
// moto_server on a loopback port, create resources through the SDK, run
// the built shipshape binary against it with --endpoint-url and check what
// it reports.
package awsit

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shipshape/shipshape/internal/awstest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	awstest.Stop()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// binary builds shipshape once for the package.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "shipshape-awsit")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "shipshape")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/shipshape/shipshape/cmd/shipshape").CombinedOutput()
		if err != nil {
			binErr = errors.New(string(out))
		}
	})
	if binErr != nil {
		t.Fatalf("building shipshape: %v", binErr)
	}
	return binPath
}

// run runs the binary with the planted credentials and returns its
// standard output, standard error and exit code.
func run(t *testing.T, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+awstest.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+awstest.SecretAccessKey,
		"AWS_SESSION_TOKEN="+awstest.SessionToken, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_PROFILE=", "AWS_DEFAULT_PROFILE=", "SHIPSHAPE_AWS_MAX_ATTEMPTS=3", "AWS_EC2_METADATA_DISABLED=true")
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running shipshape: %v", err)
	}
	return out.String(), errb.String(), code
}

// report is the part of the JSON report the tests read.
type report struct {
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		File     string `json:"file"`
		Resource string `json:"resource"`
		ARN      string `json:"arn"`
		Account  string `json:"account"`
		Region   string `json:"region"`
	} `json:"findings"`
	Suppressed []struct {
		Rule     string `json:"rule"`
		Resource string `json:"resource"`
	} `json:"suppressed"`
	Diagnostics []struct {
		Level   string `json:"level"`
		Message string `json:"message"`
	} `json:"diagnostics"`
}

func parseReport(t *testing.T, out string) report {
	t.Helper()
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, out)
	}
	return r
}

// has reports whether a finding of rule names a resource ending in suffix.
func (r report) has(rule, suffix string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule && strings.HasSuffix(f.Resource, suffix) {
			return true
		}
	}
	return false
}

func (r report) list() string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.Rule + " " + f.Resource + "\n")
	}
	for _, d := range r.Diagnostics {
		b.WriteString(d.Level + ": " + d.Message + "\n")
	}
	return b.String()
}
