package autofix_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/autofix"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/scan"
)

// corpusTemplates copies the corpus templates that declare ECS or ECR
// resources into dir, and returns their paths there with the originals.
func corpusTemplates(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	src := corpus.Dir(t, "cloudformation")
	out := map[string][]byte{}
	for i, p := range corpus.Files(t, src) {
		ext := strings.ToLower(filepath.Ext(p))
		if ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".template" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil || !(bytes.Contains(data, []byte("AWS::ECS::")) || bytes.Contains(data, []byte("AWS::ECR::"))) {
			continue
		}
		name := filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(p, src+string(filepath.Separator)), string(filepath.Separator), "__"))
		if _, dup := out[name]; dup {
			name += "." + string(rune('a'+i%26))
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = data
	}
	if len(out) == 0 {
		t.Skip("no corpus template declares ECS or ECR resources")
	}
	return out
}

// TestCorpusFix fixes every corpus template with ECS or ECR resources: each
// changed file still parses and keeps every comment, no fixable finding is
// left without a reason, no fix fails internally, and a second run changes
// nothing.
func TestCorpusFix(t *testing.T) {
	dir := t.TempDir()
	origs := corpusTemplates(t, dir)
	t.Chdir(dir)
	opts := autofix.Options{Scan: scan.Options{Paths: []string{"."}}, Choices: choices}
	res, err := autofix.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	skipped := map[string]bool{}
	for _, s := range res.Skipped {
		if strings.Contains(s.Reason, "internal error") || strings.Contains(s.Reason, "please report") {
			t.Errorf("%s:%d %s: %s", s.Pos.File, s.Pos.Line, s.RuleID, s.Reason)
		}
		skipped[s.Pos.File+"\x00"+s.RuleID+"\x00"+s.Resource] = true
	}
	for _, f := range res.Remaining {
		if !skipped[f.Pos.File+"\x00"+f.RuleID+"\x00"+f.Resource] {
			t.Errorf("left without a reason: %s:%d %s %s: %s", f.Pos.File, f.Pos.Line, f.RuleID, f.Resource, f.Message)
		}
	}
	changes := 0
	for _, f := range res.Files {
		changes += len(f.Changes)
		if err := fix.CheckParses(f.Format, f.Path, f.After); err != nil {
			t.Errorf("%s: %v", f.Path, err)
		}
		orig := origs[filepath.Join(dir, f.Path)]
		if tf, err := tree.Parse(orig); err == nil {
			for _, c := range tf.Comments() {
				if !bytes.Contains(f.After, []byte(c.Text)) {
					t.Errorf("%s: comment lost: %q", f.Path, c.Text)
				}
			}
		}
		if err := autofix.Write(f.Path, f.After); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d templates, %d fixable findings: %d fixes in %d files, %d skipped", len(origs), res.Fixable, changes, len(res.Files), len(res.Skipped))
	again, err := autofix.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Files {
		t.Errorf("a second fix changed %s again:\n%s", f.Path, f.Diff())
	}
}

// TestCorpusFixTerraform fixes a copy of the Terraform corpus: every
// changed file still parses, keeps every comment line, no fixable finding
// is left without a reason, no fix fails internally, and a second run
// changes nothing. It logs the numbers per rule.
func TestCorpusFixTerraform(t *testing.T) {
	src := corpus.Dir(t, "terraform")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	opts := autofix.Options{Scan: scan.Options{Paths: []string{"."}}, Choices: choices}
	res, err := autofix.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	skipped := map[string]bool{}
	reasons := map[string]int{}
	for _, s := range res.Skipped {
		if strings.Contains(s.Reason, "internal error") || strings.Contains(s.Reason, "please report") || strings.Contains(s.Reason, "nothing to change") {
			t.Errorf("%s:%d %s: %s", s.Pos.File, s.Pos.Line, s.RuleID, s.Reason)
		}
		skipped[s.Pos.File+"\x00"+s.RuleID+"\x00"+s.Resource] = true
		why, _, _ := strings.Cut(s.Reason, " (")
		reasons[s.RuleID+": "+why]++
	}
	for _, f := range res.Remaining {
		if !skipped[f.Pos.File+"\x00"+f.RuleID+"\x00"+f.Resource] {
			t.Errorf("left without a reason: %s:%d %s %s: %s", f.Pos.File, f.Pos.Line, f.RuleID, f.Resource, f.Message)
		}
	}
	fixed := map[string]int{}
	changes, files := 0, 0
	for _, f := range res.Files {
		for _, c := range f.Changes {
			fixed[c.RuleID]++
		}
		changes += len(f.Changes)
		if string(f.Before) == string(f.After) {
			continue
		}
		files++
		if err := fix.CheckParses(f.Format, f.Path, f.After); err != nil {
			t.Errorf("%s: %v", f.Path, err)
		}
		for _, l := range strings.Split(string(f.Before), "\n") {
			if c := strings.TrimSpace(l); (strings.HasPrefix(c, "#") || strings.HasPrefix(c, "//")) && !bytes.Contains(f.After, []byte(c)) {
				t.Errorf("%s: comment lost: %q", f.Path, c)
			}
		}
		if err := autofix.Write(f.Path, f.After); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d fixable findings: %d fixed in %d files, %d skipped", res.Fixable, changes, files, len(res.Skipped))
	for _, id := range slices.Sorted(maps.Keys(fixed)) {
		t.Logf("  fixed %4d %s", fixed[id], id)
	}
	for _, r := range slices.Sorted(maps.Keys(reasons)) {
		t.Logf("  skipped %4d %s", reasons[r], r)
	}
	again, err := autofix.Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Files {
		if string(f.Before) != string(f.After) {
			t.Errorf("a second fix changed %s again:\n%s", f.Path, f.Diff())
		}
	}
	if len(again.Remaining) != len(res.Remaining) {
		t.Errorf("after writing, %d fixable findings are reported, %d before", len(again.Remaining), len(res.Remaining))
	}
}
