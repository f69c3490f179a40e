// Package ruletest checks rules against fixture files whose expectations are
// written beside the lines that must fail, in the spirit of analysistest.
//
// In any format with comments, a comment containing "want: ID [ID...]" on a
// line expects exactly those findings on that line; "want-next: ID..." on a
// comment line expects them on the next line that is not a comment (for
// Dockerfiles, whose instructions cannot carry trailing comments). Text after
// "(" is ignored. For JSON, expectations live in a sibling FILE.want file of
// "LINE ID [ID...]" lines. A directory holding *.tf files is one fixture (a
// Terraform module), whose findings are matched by file and line against the
// expectations of every file below it. A fixture with no expectation must
// produce no finding. Findings that are suppressed do not count.
package ruletest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/compose"
	"github.com/shipshape/shipshape/internal/config"
	_ "github.com/shipshape/shipshape/internal/inputs" // every input kind
	"github.com/shipshape/shipshape/internal/scan"
)

var wantRe = regexp.MustCompile(`(?:#|//)\s*want(-next)?:\s*([^(]*)`)

// Expectation is a rule expected to fail on a line.
type Expectation struct {
	Line int
	Rule string
}

// Run scans every fixture under dir (recursively; *.want files excluded)
// with all registered rules and compares the findings with the expectations.
// Options may adjust the scan (for example to set build args).
func Run(t *testing.T, dir string, opts ...func(*scan.Options)) {
	t.Helper()
	var files []string
	modules := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && isModuleDir(p) {
			// A Terraform module is one fixture: the directory, with the
			// local modules and files below it.
			files = append(files, p)
			modules[p] = true
			return filepath.SkipDir
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".want") && !strings.HasPrefix(d.Name(), ".shipshape") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, f := range files {
		t.Run(filepath.ToSlash(strings.TrimPrefix(f, dir+string(filepath.Separator))), func(t *testing.T) {
			if modules[f] {
				CheckModule(t, f, opts...)
				return
			}
			Check(t, f, opts...)
		})
	}
}

// Check scans one fixture and compares findings with its expectations.
func Check(t *testing.T, file string, opts ...func(*scan.Options)) {
	t.Helper()
	want, err := Expectations(file)
	if err != nil {
		t.Fatal(err)
	}
	res := scanFixture(t, file, opts)
	var got []Expectation
	messages := map[Expectation]string{}
	for _, f := range res.Findings {
		e := Expectation{Line: f.Pos.Line, Rule: f.RuleID}
		got = append(got, e)
		messages[e] = f.Message
	}
	missing, unexpected := diff(want, got)
	for _, e := range missing {
		t.Errorf("%s:%d: expected %s, not reported", file, e.Line, e.Rule)
	}
	for _, e := range unexpected {
		t.Errorf("%s:%d: unexpected %s: %s", file, e.Line, e.Rule, messages[e])
	}
}

// scanFixture scans one fixture (a file or a module directory); it must be
// recognised and produce no error diagnostic.
func scanFixture(t *testing.T, path string, opts []func(*scan.Options)) *scan.Result {
	t.Helper()
	o := scan.Options{Paths: []string{path}, Config: &config.Config{}}
	for _, f := range opts {
		f(&o)
	}
	res, err := scan.Run(o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files == 0 && len(res.Skipped) == 0 { // a Helm chart template is recognised, and skipped
		t.Fatalf("%s was not recognised as an input", path)
	}
	for _, d := range res.Diagnostics {
		if d.Level == "error" {
			t.Errorf("diagnostic: %s", d)
		}
	}
	return res
}

// isModuleDir reports whether a directory holds Terraform files or Compose
// files (a Compose project, with its overrides, .env and Dockerfiles).
func isModuleDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tf.json") || compose.IsComposeFile(e.Name())) {
			return true
		}
	}
	return false
}

// CheckModule scans a directory fixture (a Terraform module) and compares
// the findings with the expectations of every file below it, by file and line.
func CheckModule(t *testing.T, dir string, opts ...func(*scan.Options)) {
	t.Helper()
	type key struct {
		file string
		e    Expectation
	}
	var want []key
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".want") {
			return err
		}
		es, err := Expectations(p)
		for _, e := range es {
			want = append(want, key{filepath.ToSlash(p), e})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := scanFixture(t, dir, opts)
	count := map[key]int{}
	for _, w := range want {
		count[w]++
	}
	for _, f := range res.Findings {
		k := key{f.Pos.File, Expectation{Line: f.Pos.Line, Rule: f.RuleID}}
		if count[k] > 0 {
			count[k]--
			continue
		}
		t.Errorf("%s:%d: unexpected %s: %s", f.Pos.File, f.Pos.Line, f.RuleID, f.Message)
	}
	var missing []string
	for k, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, fmt.Sprintf("%s:%d: expected %s, not reported", k.file, k.e.Line, k.e.Rule))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}

// Expectations reads the expectations of a fixture.
func Expectations(file string) ([]Expectation, error) {
	if data, err := os.ReadFile(file + ".want"); err == nil {
		return parseWantFile(file+".want", string(data))
	}
	fh, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out []Expectation
	var pending []string
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		trimmed := strings.TrimSpace(text)
		isComment := strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "//")
		if len(pending) > 0 && !isComment && trimmed != "" {
			for _, id := range pending {
				out = append(out, Expectation{Line: line, Rule: id})
			}
			pending = nil
		}
		m := wantRe.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		ids := strings.Fields(m[2])
		if m[1] == "-next" {
			pending = append(pending, ids...)
			continue
		}
		for _, id := range ids {
			out = append(out, Expectation{Line: line, Rule: id})
		}
	}
	return out, sc.Err()
}

func parseWantFile(name, text string) ([]Expectation, error) {
	var out []Expectation
	for i, l := range strings.Split(text, "\n") {
		fields := strings.Fields(l)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			return nil, fmt.Errorf("%s:%d: want \"LINE RULE-ID...\"", name, i+1)
		}
		for _, id := range fields[1:] {
			out = append(out, Expectation{Line: n, Rule: id})
		}
	}
	return out, nil
}

func diff(want, got []Expectation) (missing, unexpected []Expectation) {
	count := map[Expectation]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		if count[g] > 0 {
			count[g]--
			continue
		}
		unexpected = append(unexpected, g)
	}
	for e, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, e)
		}
	}
	less := func(l []Expectation) func(i, j int) bool {
		return func(i, j int) bool {
			if l[i].Line != l[j].Line {
				return l[i].Line < l[j].Line
			}
			return l[i].Rule < l[j].Rule
		}
	}
	sort.Slice(missing, less(missing))
	sort.Slice(unexpected, less(unexpected))
	return missing, unexpected
}
