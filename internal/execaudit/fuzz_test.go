package execaudit

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/secrets"
)

// FuzzReadLogFile feeds CloudTrail log files (plain and gzipped) to the
// reader: it never panics, stays within its budget, and an event it keeps
// is an ExecuteCommand call.
func FuzzReadLogFile(f *testing.F) {
	rec := `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/Dev/eve","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::123456789012:role/Dev","userName":"Dev"}}},"eventTime":"2026-11-20T10:01:00Z","eventSource":"ecs.amazonaws.com","eventName":"ExecuteCommand","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","requestParameters":{"cluster":"prod","task":"abc","container":"web","command":"env TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB sh"},"eventID":"e1"}`
	for _, seed := range []string{
		`{"Records":[` + rec + `]}`,
		`{"Records":[` + rec + `,{"eventName":"GetObject","eventSource":"s3.amazonaws.com"}]}`,
		`{"awsAccountId":"123456789012","digestStartTime":"2026-11-20T09:00:00Z","logFiles":[]}`,
		`{"Records":{}}`, `{"Records":[1,2,"x"]}`, `[]`, ``, `{"Records":[{"eventName":"ExecuteCommand","eventTime":"yesterday"}]}`,
		`{"Records":[{"eventName":"ExecuteCommand","eventTime":"2026-11-20T10:01:00Z","userIdentity":{"type":"Root"}}]}`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, zipped bool) {
		defer fuzzguard.Watch(data)()
		name := filepath.Join(dir, "f.json")
		if zipped {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write(data)
			w.Close()
			data, name = b.Bytes(), name+".gz"
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := ReadFiles([]string{name}, FileOptions{MaxDecompressed: 1 << 20, Secrets: secrets.Default})
		for _, ev := range r.Events {
			if ev.Time.IsZero() || ev.Source != name {
				t.Errorf("event %+v", ev)
			}
			NewAllowlist([]string{"Dev", "arn:aws:iam::*:role/*"}).Match(&ev)
		}
		if len(r.Diagnostics) > 1 || (len(r.Diagnostics) == 1 && len(r.Events) > 0) {
			t.Errorf("a file gives one error and no events: %+v, %d events", r.Diagnostics, len(r.Events))
		}
	})
}
