package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestProgressOnlyOnTerminals: no progress display in CI, with --quiet or
// when standard error is not a terminal.
func TestProgressOnlyOnTerminals(t *testing.T) {
	var buf bytes.Buffer
	t.Setenv("CI", "")
	if (&awsFlags{}).showProgress(&buf) {
		t.Error("progress shown on a buffer")
	}
	if (&awsFlags{quiet: true}).showProgress(os.Stderr) {
		t.Error("progress shown with --quiet")
	}
	t.Setenv("CI", "true")
	if (&awsFlags{}).showProgress(os.Stderr) {
		t.Error("progress shown under CI=true")
	}
	off := newProgress(&buf, false)
	off.update("123456789012", "eu-west-1", "ECS")
	off.line("x")
	off.done()
	if buf.Len() > 0 {
		t.Errorf("a progress display that is off wrote %q", buf.String())
	}
}

// TestProgressLine: one line, rewritten in place per account, Region and
// service, made safe for the terminal, and cleared at the end.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true)
	p.update("123456789012", "eu-west-1", "ECS")
	p.update("123456789012", "us-east-1", "ECR")
	p.line("reading ExecuteCommand events: eu-west-1 page 2 (7 events)\x1b]0;owned\x07")
	p.done()
	out := buf.String()
	for _, want := range []string{"\r\x1b[Kreading 123456789012 eu-west-1: ECS done (1)", "\r\x1b[Kreading 123456789012 us-east-1: ECR done (2)",
		"\r\x1b[Kreading ExecuteCommand events: eu-west-1 page 2 (7 events)\\x1b]0;owned\\a"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in %q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Errorf("not one line cleared at the end: %q", out)
	}
}
