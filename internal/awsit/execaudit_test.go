package awsit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/awstest"
)

// execRecords are ExecuteCommand records of the last hours: an on-call
// role, a developer with a secret in the command, and a denied intruder.
func execRecords(now time.Time) []string {
	return []string{
		awstest.ExecRecord("3", now.Add(-1*time.Hour), region, "Intruder", "", "198.51.100.7", "cat /etc/shadow", "AccessDeniedException"),
		awstest.ExecRecord("2", now.Add(-2*time.Hour), region, "Developer", "bob", "203.0.113.20", "env DB_PASSWORD="+awstest.PlantedSecret+" psql", ""),
		awstest.ExecRecord("1", now.Add(-3*time.Hour), region, "PlatformOnCall", "alice", "203.0.113.10", "/bin/sh", ""),
	}
}

type execReport struct {
	Summary struct {
		Events, Allowed, Denied, OutsideAllowlist int
	}
	Events []struct {
		ID          string `json:"eventId"`
		Principal   string `json:"principal"`
		ARN         string `json:"arn"`
		SourceIP    string `json:"sourceIp"`
		Allowed     bool   `json:"allowed"`
		Allowlisted bool   `json:"allowlisted"`
		Command     string `json:"command"`
	}
	Diagnostics []struct{ Level, Message string }
}

func TestExecAuditLookup(t *testing.T) {
	d := awstest.NewDouble(t, "")
	d.SetEvents(2, execRecords(time.Now())...)
	d.Throttle("cloudtrail:LookupEvents", 1)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".shipshape.yaml"), []byte("exec_allowlist:\n  - arn:aws:iam::123456789012:role/PlatformOnCall\n"), 0o644)
	out, stderr, code := run(t, dir, nil, "aws", "exec-audit", "--endpoint-url", d.URL, "--region", region, "--hours", "6", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stderr, out)
	}
	var r execReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Summary.Events != 3 || r.Summary.Denied != 1 || r.Summary.OutsideAllowlist != 2 || len(r.Diagnostics) != 0 {
		t.Errorf("summary %+v diagnostics %+v", r.Summary, r.Diagnostics)
	}
	if e := r.Events[0]; e.Principal != "assumed-role/PlatformOnCall/alice" || !e.Allowlisted || e.SourceIP != "203.0.113.10" {
		t.Errorf("first event %+v", e)
	}
	if n := len(d.CallsOf("cloudtrail:LookupEvents")); n != 3 {
		t.Errorf("%d LookupEvents calls, want 3 (one throttled, two pages)", n)
	}
	for _, format := range []string{"text", "json", "markdown"} {
		out, stderr, _ := run(t, dir, nil, "aws", "exec-audit", "--endpoint-url", d.URL, "--region", region, "--hours", "6", "--format", format, "-v")
		for _, planted := range []string{awstest.AccessKeyID, awstest.SecretAccessKey, awstest.SessionToken, awstest.PlantedSecret} {
			if strings.Contains(out+stderr, planted) {
				t.Errorf("%s output holds the planted secret %q", format, planted)
			}
		}
		if format == "text" && (!strings.Contains(out, "assumed-role/Developer/bob") || !strings.Contains(out, "denied (AccessDeniedException)")) {
			t.Errorf("text output:\n%s", out)
		}
	}
	// Everyone on the allowlist: exit 0.
	os.WriteFile(filepath.Join(dir, ".shipshape.yaml"), []byte("exec_allowlist: [PlatformOnCall, Developer, Intruder]\n"), 0o644)
	if out, stderr, code := run(t, dir, nil, "aws", "exec-audit", "--endpoint-url", d.URL, "--region", region, "--since", "6h"); code != 0 {
		t.Errorf("exit %d, want 0\n%s\n%s", code, stderr, out)
	}
	// Denied: a missing permission, exit 2, never a pass.
	d.Deny("cloudtrail:LookupEvents")
	out, stderr, code = run(t, dir, nil, "aws", "exec-audit", "--endpoint-url", d.URL, "--region", region)
	if code != 2 || !strings.Contains(out, "missing permission cloudtrail:LookupEvents in eu-west-1") || strings.Contains(out+stderr, awstest.AccessKeyID) {
		t.Errorf("denied: exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestExecAuditFromFiles(t *testing.T) {
	dir := t.TempDir()
	recs := execRecords(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	trail := filepath.Join(dir, "trail", "AWSLogs", awstest.Account)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"Records":[` + strings.Join(recs, ",") + `]}`))
	zw.Close()
	os.MkdirAll(filepath.Join(trail, "CloudTrail", region), 0o755)
	os.MkdirAll(filepath.Join(trail, "CloudTrail-Digest", region), 0o755)
	os.WriteFile(filepath.Join(trail, "CloudTrail", region, "a.json.gz"), b.Bytes(), 0o644)
	os.WriteFile(filepath.Join(trail, "CloudTrail", region, "bad.json.gz"), []byte("not gzip"), 0o644)
	os.WriteFile(filepath.Join(trail, "CloudTrail-Digest", region, "d.json.gz"), b.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, ".shipshape.yaml"), []byte("exec_allowlist: [PlatformOnCall]\n"), 0o644)
	out, stderr, code := run(t, dir, nil, "aws", "exec-audit", "--from-files", "trail", "--format", "json")
	if code != 2 {
		t.Fatalf("exit %d, want 2 (a bad file)\n%s\n%s", code, stderr, out)
	}
	var r execReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Summary.Events != 3 || r.Summary.OutsideAllowlist != 2 || len(r.Diagnostics) != 1 || !strings.Contains(r.Diagnostics[0].Message, "bad.json.gz: not a gzip file") {
		t.Errorf("summary %+v diagnostics %+v", r.Summary, r.Diagnostics)
	}
	os.Remove(filepath.Join(trail, "CloudTrail", region, "bad.json.gz"))

	// --notify webhook: one summary, the URL never shown.
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, string(body))
	}))
	defer hook.Close()
	url := hook.URL + "/services/T0000/B0000/PlantedWebhookSecret99"
	out, stderr, code = run(t, dir, nil, "aws", "exec-audit", "--from-files", "trail", "--notify", "webhook:"+url, "-v")
	if code != 1 || len(got) != 1 || strings.Contains(out+stderr, "PlantedWebhookSecret99") {
		t.Fatalf("notify: exit %d, %d messages\n%s\n%s", code, len(got), out, stderr)
	}
	var msg struct{ Text string }
	json.Unmarshal([]byte(got[0]), &msg)
	if !strings.Contains(msg.Text, "2 of 3 ECS Exec calls by principals not on exec_allowlist") || !strings.Contains(msg.Text, "user/Intruder from 198.51.100.7 on prod/") ||
		strings.Contains(msg.Text, "PlatformOnCall/alice") || strings.Contains(msg.Text, awstest.PlantedSecret) {
		t.Errorf("message: %s", msg.Text)
	}
	hook.Close()
	_, stderr, code = run(t, dir, nil, "aws", "exec-audit", "--from-files", "trail", "--notify", "webhook:"+url)
	if code != 2 || !strings.Contains(stderr, "--notify webhook:http://127.0.0.1") || strings.Contains(stderr, "PlantedWebhookSecret99") {
		t.Errorf("failed notify: exit %d: %s", code, stderr)
	}
	out, _, code = run(t, dir, nil, "aws", "exec-audit", "--from-files", "trail", "--since", "2026-11-20T09:30:00Z", "--until", "2026-11-20T12:00:00Z")
	if code != 1 || !strings.Contains(out, "2 ExecuteCommand events (1 allowed, 1 denied) in 1 CloudTrail log file from 2026-11-20 09:30Z to 2026-11-20 12:00Z; 2 by principals not on exec_allowlist") {
		t.Errorf("window: exit %d\n%s", code, out)
	}
}
