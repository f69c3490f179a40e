package execaudit_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/execaudit"
)

var t0 = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

func records() []string {
	return []string{
		awstest.ExecRecord("5", t0.Add(5*time.Hour), "eu-west-1", "Intruder", "", "198.51.100.7", "cat /etc/shadow", "AccessDeniedException"),
		awstest.ExecRecord("4", t0.Add(4*time.Hour), "eu-west-1", "Developer", "bob", "203.0.113.20", "env DB_PASSWORD=Zq9xPlantedDbPassw0rd psql", ""),
		awstest.ExecRecord("3", t0.Add(3*time.Hour), "eu-west-1", "PlatformOnCall", "alice", "203.0.113.10", "/bin/sh", ""),
		awstest.ExecRecord("2", t0.Add(2*time.Hour), "eu-west-1", "PlatformOnCall", "alice", "203.0.113.10", "ls /app", ""),
		awstest.ExecRecord("1", t0.Add(time.Hour), "eu-west-1", "BreakGlass", "", "203.0.113.11", "/bin/bash", ""),
	}
}

func TestLookupPagesThrottlingAndPace(t *testing.T) {
	d := awstest.NewDouble(t, "")
	d.SetEvents(2, records()...)
	d.Throttle("cloudtrail:LookupEvents", 1)
	cfg := awstest.RetryingConfig(d.URL, "eu-west-1")
	pages := 0
	read := execaudit.Lookup(context.Background(), cfg, []string{"eu-west-1"}, execaudit.LookupOptions{
		Start: t0, End: t0.Add(24 * time.Hour), Interval: 100 * time.Millisecond,
		Progress: func(region string, p, events int) { pages = p },
	})
	if len(read.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %+v", read.Diagnostics)
	}
	if len(read.Events) != 5 || pages != 3 {
		t.Fatalf("%d events in %d pages, want 5 in 3", len(read.Events), pages)
	}
	calls := d.CallsOf("cloudtrail:LookupEvents")
	if len(calls) != 4 || calls[0].Answer != 429 && calls[0].Answer != 400 {
		t.Fatalf("want a throttled call and 3 pages, got %d calls (first answered %d)", len(calls), calls[0].Answer)
	}
	for i := 2; i < len(calls); i++ {
		if gap := calls[i].Time.Sub(calls[i-1].Time); gap < 95*time.Millisecond {
			t.Errorf("calls %d and %d were %v apart, closer than the pace", i-1, i, gap)
		}
	}
	var req struct {
		LookupAttributes []struct{ AttributeKey, AttributeValue string }
		MaxResults       int
	}
	if err := json.Unmarshal(calls[1].Body, &req); err != nil || len(req.LookupAttributes) != 1 || req.LookupAttributes[0].AttributeValue != "ExecuteCommand" || req.MaxResults != 50 {
		t.Errorf("request: %s", calls[1].Body)
	}
	byID := map[string]execaudit.Event{}
	for _, ev := range read.Events {
		byID[ev.ID] = ev
	}
	ev := byID["ev-3"]
	if ev.Principal != "assumed-role/PlatformOnCall/alice" || ev.RoleARN != "arn:aws:iam::123456789012:role/PlatformOnCall" || ev.SourceIP != "203.0.113.10" ||
		!strings.HasSuffix(ev.Cluster, ":cluster/prod") || ev.Container != "web" || ev.Command != "/bin/sh" || !ev.Allowed || !strings.HasPrefix(ev.UserAgent, "aws-cli/") {
		t.Errorf("event 3: %+v", ev)
	}
	if ev := byID["ev-5"]; ev.Allowed || ev.ErrorCode != "AccessDeniedException" || ev.Principal != "user/Intruder" || ev.Cluster != "prod" {
		t.Errorf("event 5: %+v", ev)
	}
	if ev := byID["ev-4"]; strings.Contains(ev.Command, awstest.PlantedSecret) || !strings.Contains(ev.Command, "DB_PASSWORD=") {
		t.Errorf("the secret in the command is not masked: %q", ev.Command)
	}
}

func TestLookupDenied(t *testing.T) {
	d := awstest.NewDouble(t, "")
	d.Deny("cloudtrail:LookupEvents")
	read := execaudit.Lookup(context.Background(), awstest.Config(d.URL, "eu-west-1"), []string{"eu-west-1", "us-east-1"}, execaudit.LookupOptions{Start: t0, End: t0.Add(time.Hour)})
	if len(read.Diagnostics) != 2 {
		t.Fatalf("diagnostics: %+v", read.Diagnostics)
	}
	for _, d := range read.Diagnostics {
		if d.Level != "error" || !strings.HasPrefix(d.Message, "missing permission cloudtrail:LookupEvents in ") {
			t.Errorf("diagnostic: %+v", d)
		}
	}
}

func TestAllowlist(t *testing.T) {
	d := awstest.NewDouble(t, "")
	d.SetEvents(50, records()...)
	read := execaudit.Lookup(context.Background(), awstest.Config(d.URL, "eu-west-1"), []string{"eu-west-1"}, execaudit.LookupOptions{Start: t0, End: t0.Add(24 * time.Hour)})
	al := execaudit.NewAllowlist([]string{"arn:aws:iam::123456789012:role/PlatformOn*", "BreakGlass", "alice", "bob"})
	al.Apply(read.Events)
	got := map[string]string{}
	for _, ev := range read.Events {
		got[ev.ID] = ev.AllowlistEntry
	}
	want := map[string]string{
		"ev-1": "BreakGlass", "ev-2": "arn:aws:iam::123456789012:role/PlatformOn*", "ev-3": "arn:aws:iam::123456789012:role/PlatformOn*",
		"ev-4": "", // session names ("bob") are chosen by the caller and never match
		"ev-5": "",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: allowlisted by %q, want %q", id, got[id], w)
		}
	}
	rep := &execaudit.Report{Allowlist: al.Len(), Read: *read}
	if s := rep.Summary(); s.Events != 5 || s.Denied != 1 || s.OutsideAllowlist != 2 {
		t.Errorf("summary %+v", s)
	}
}

func gz(t *testing.T, data string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(data))
	w.Close()
	return b.Bytes()
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// trailDir lays out CloudTrail files as S3 delivers them, with a digest
// file, an unrelated record, a duplicate delivery and broken files.
func trailDir(t *testing.T) string {
	dir := t.TempDir()
	recs := records()
	other := `{"eventVersion":"1.09","eventTime":"2026-11-20T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1"}`
	base := filepath.Join(dir, "AWSLogs", "123456789012", "CloudTrail", "eu-west-1", "2026", "11", "20")
	write(t, filepath.Join(base, "123456789012_CloudTrail_eu-west-1_20261120T1000Z_a.json.gz"), gz(t, `{"Records":[`+recs[0]+`,`+other+`,`+recs[1]+`]}`))
	write(t, filepath.Join(base, "123456789012_CloudTrail_eu-west-1_20261120T1100Z_b.json"), []byte(`{"Records":[`+recs[2]+`,`+recs[3]+`,`+recs[4]+`]}`))
	write(t, filepath.Join(dir, "other-trail", "dup.json.gz"), gz(t, `{"Records":[`+recs[2]+`]}`))
	write(t, filepath.Join(dir, "AWSLogs", "123456789012", "CloudTrail-Digest", "eu-west-1", "d.json.gz"), gz(t, `{"awsAccountId":"123456789012","digestStartTime":"2026-11-20T09:00:00Z","logFiles":[]}`))
	write(t, filepath.Join(dir, "broken", "truncated.json.gz"), gz(t, `{"Records":[`+recs[0])[:40])
	write(t, filepath.Join(dir, "broken", "not-trail.json"), []byte(`{"hello":"world"}`))
	write(t, filepath.Join(dir, "broken", "cut.json"), []byte(`{"Records":[`+recs[0]))
	write(t, filepath.Join(dir, "README.txt"), []byte("not read"))
	return dir
}

func TestReadFiles(t *testing.T) {
	dir := trailDir(t)
	read := execaudit.ReadFiles([]string{dir}, execaudit.FileOptions{})
	if len(read.Events) != 5 {
		t.Errorf("%d events, want 5 (the duplicate delivery counted once)", len(read.Events))
	}
	if read.Files != 3 || read.Digests != 1 {
		t.Errorf("files %d digests %d, want 3 and 1", read.Files, read.Digests)
	}
	var msgs []string
	for _, d := range read.Diagnostics {
		if d.Level != "error" {
			t.Errorf("diagnostic %+v", d)
		}
		msgs = append(msgs, d.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"truncated.json.gz: ", "not-trail.json: not a CloudTrail log file: no Records", "cut.json: the file ends too early"} {
		if !strings.Contains(all, want) {
			t.Errorf("no diagnostic %q in:\n%s", want, all)
		}
	}
	if len(read.Diagnostics) != 3 {
		t.Errorf("diagnostics:\n%s", all)
	}
}

func TestReadFilesLimits(t *testing.T) {
	dir := t.TempDir()
	big := `{"Records":[` + strings.Repeat(records()[0]+",", 200) + records()[0] + `]}`
	write(t, filepath.Join(dir, "big.json"), []byte(big))
	write(t, filepath.Join(dir, "bomb.json.gz"), gz(t, big))
	read := execaudit.ReadFiles([]string{dir}, execaudit.FileOptions{MaxFileSize: 50 << 10, MaxDecompressed: 60 << 10})
	if len(read.Diagnostics) != 2 || len(read.Events) != 0 {
		t.Fatalf("events %d, diagnostics %+v", len(read.Events), read.Diagnostics)
	}
	for _, d := range read.Diagnostics {
		if !strings.Contains(d.Message, "larger than the") && !strings.Contains(d.Message, "decompresses to more than") {
			t.Errorf("diagnostic %q", d.Message)
		}
	}
	missing := execaudit.ReadFiles([]string{filepath.Join(dir, "nope")}, execaudit.FileOptions{})
	if len(missing.Diagnostics) != 1 || !strings.Contains(missing.Diagnostics[0].Message, "no such file") {
		t.Errorf("missing path: %+v", missing.Diagnostics)
	}
}

func TestWriteFormats(t *testing.T) {
	read := execaudit.ReadFiles([]string{trailDir(t)}, execaudit.FileOptions{})
	execaudit.NewAllowlist([]string{"PlatformOnCall", "BreakGlass"}).Apply(read.Events)
	execaudit.Sort(read.Events)
	// A command crafted to rewrite the terminal must be shown escaped.
	read.Events[0].Command = "sh\x1b[2J\r-c id"
	rep := &execaudit.Report{Version: "test", Allowlist: 2, Sources: []string{"3 CloudTrail log files"}, Read: *read}
	for _, format := range execaudit.Formats {
		var b bytes.Buffer
		if err := execaudit.Write(&b, format, rep, true); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.Contains(out, "\x1b") || strings.Contains(out, "\r") {
			t.Errorf("%s: control characters reach the output", format)
		}
		for _, planted := range []string{awstest.AccessKeyID, awstest.PlantedSecret} {
			if strings.Contains(out, planted) {
				t.Errorf("%s output holds %q", format, planted)
			}
		}
		if format == "text" && !strings.Contains(out, "5 ExecuteCommand events (4 allowed, 1 denied) in 3 CloudTrail log files; 2 by principals not on exec_allowlist") {
			t.Errorf("text summary:\n%s", out)
		}
		if format == "json" {
			var doc struct {
				Summary execaudit.Summary
				Events  []execaudit.Event
			}
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Summary.OutsideAllowlist != 2 || len(doc.Events) != 5 {
				t.Errorf("json: %v %+v", err, doc.Summary)
			}
		}
	}
}
