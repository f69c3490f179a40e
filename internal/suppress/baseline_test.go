package suppress

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

func fingerprinted(rule, file, resource, msg string, line int) finding.Finding {
	f := finding.Finding{RuleInfo: &finding.RuleInfo{}, Subject: &finding.Subject{Resource: resource}, RuleID: rule, Pos: model.Pos{File: file, Line: line}, Message: msg}
	f.ComputeFingerprint()
	return f
}

func TestBaselineRoundTripAndLineMoves(t *testing.T) {
	a := fingerprinted("ecs/privileged", "t.yaml", "Task", "container app is privileged; set Privileged to false", 10)
	b := fingerprinted("ecr/scan-on-push", "t.yaml", "Repo", "scan on push is off; set ScanOnPush to true", 30)
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := NewBaseline([]finding.Finding{b, a}).Write(path); err != nil {
		t.Fatal(err)
	}
	base, err := ReadBaseline(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if base.Version != 1 || len(base.Findings) != 2 {
		t.Fatalf("read %+v", base)
	}
	if base.Findings[0].Fingerprint > base.Findings[1].Fingerprint {
		t.Error("entries are not sorted by fingerprint")
	}
	for _, e := range base.Findings {
		if e.File != "t.yaml" || e.Rule == "" || e.Message == "" || e.Resource == "" {
			t.Errorf("entry %+v lacks its description", e)
		}
	}
	tests := []struct {
		name string
		f    finding.Finding
		want bool
	}{
		{"same finding", a, true},
		{"moved down 25 lines", fingerprinted(a.RuleID, a.Pos.File, a.Resource, a.Message, 35), true},
		{"moved to line 1", fingerprinted(b.RuleID, b.Pos.File, b.Resource, b.Message, 1), true},
		{"other message", fingerprinted(a.RuleID, a.Pos.File, a.Resource, "container web is privileged; set Privileged to false", 10), false},
		{"other file", fingerprinted(a.RuleID, "u.yaml", a.Resource, a.Message, 10), false},
		{"other resource", fingerprinted(a.RuleID, a.Pos.File, "Task2", a.Message, 10), false},
		{"other rule", fingerprinted("ecs/other", a.Pos.File, a.Resource, a.Message, 10), false},
	}
	for _, tc := range tests {
		if got := base.Has(tc.f); got != tc.want {
			t.Errorf("%s: Has = %t, want %t", tc.name, got, tc.want)
		}
	}
	// The file is indented JSON ending in a newline, for review in diffs.
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "{\n  \"version\": 1,") || !strings.HasSuffix(string(data), "}\n") {
		t.Errorf("baseline file:\n%s", data)
	}
}

func TestEmptyBaseline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.json")
	if err := NewBaseline(nil).Write(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"findings": []`) {
		t.Errorf("an empty baseline should list no findings as [], got\n%s", data)
	}
	b, err := ReadBaseline(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.Has(fingerprinted("r", "f", "", "m", 1)) {
		t.Error("empty baseline has a finding")
	}
}

func TestReadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string // "" means the file does not exist
		want    string
	}{
		{"missing", "", "no such file"},
		{"not JSON", "findings:\n  - x\n", "not a shipshape baseline"},
		{"wrong shape", `{"version": 1, "findings": {"a": 1}}`, "not a shipshape baseline"},
		{"no version", `{"findings": []}`, "version 0 is not supported"},
		{"future version", `{"version": 2, "findings": []}`, "version 2 is not supported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			if tc.content != "" {
				if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := ReadBaseline(path, 0)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %+v, %v; want an error containing %q", b, err, tc.want)
			}
			if tc.content != "" && !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestNewBaselineEntries(t *testing.T) {
	f := fingerprinted("ecs/privileged", "t.yaml", "Task", "msg", 4)
	got := NewBaseline([]finding.Finding{f}).Findings
	want := []BaselineEntry{{Fingerprint: f.Fingerprint, Rule: "ecs/privileged", File: "t.yaml", Resource: "Task", Message: "msg"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
