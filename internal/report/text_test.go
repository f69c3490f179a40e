package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

// bigResult is a scan of many files: 30 findings of one rule spread over
// 10 files and 3 of another in one file, with notices of one kind in
// several files, repeated identical warnings, one very long notice and two
// errors.
// wantAll reports each of wants that got lacks.
func wantAll(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}

func bigResult() *scan.Result {
	res := &scan.Result{
		Files: 12,
		Inputs: []scan.InputCount{
			{Noun: scan.Noun{One: "Kubernetes manifest", Many: "Kubernetes manifests"}, Files: 6},
			{Noun: scan.Noun{One: "Terraform file", Many: "Terraform files"}, Files: 3, DirNoun: scan.Noun{One: "module", Many: "modules"}, Dirs: 2},
			{Noun: scan.Noun{One: "Dockerfile", Many: "Dockerfiles"}, Files: 1},
		},
	}
	for i := range 30 {
		res.Findings = append(res.Findings, finding.Finding{
			Subject: &finding.Subject{}, RuleInfo: &finding.RuleInfo{Phase: finding.PhaseImage},
			RuleID:   "test/root-user",
			Severity: finding.Medium,
			Message:  "runs as root; set USER",
			Pos:      model.Pos{File: fmt.Sprintf("k8s/app%d.yaml", i%10), Line: 1 + i},
		})
	}
	for i := range 3 {
		res.Findings = append(res.Findings, finding.Finding{
			Subject: &finding.Subject{}, RuleInfo: &finding.RuleInfo{Phase: finding.PhaseHost},
			RuleID:   "test/privileged",
			Severity: finding.Critical,
			Message:  "privileged; set privileged: false",
			Pos:      model.Pos{File: "k8s/app3.yaml", Line: 100 + i},
		})
	}
	for i := range 5 {
		res.Diagnostics = append(res.Diagnostics, finding.Diagnostic{
			Pos: model.Pos{File: fmt.Sprintf("tf/m%d/main.tf", i%3), Line: 3}, Level: finding.LevelNotice,
			Kind:    "remote modules not installed (terraform init) and not checked",
			Message: fmt.Sprintf("module m%d comes from registry/m%d, which is not a local path and not installed (terraform init); its resources are not checked", i, i),
		})
	}
	for range 2 {
		res.Diagnostics = append(res.Diagnostics, finding.Diagnostic{Pos: model.Pos{File: "k8s/app1.yaml", Line: 7}, Level: finding.LevelWarning, Message: "empty list item (null) ignored"})
	}
	res.Diagnostics = append(res.Diagnostics,
		finding.Diagnostic{Pos: model.Pos{File: "stack.yaml", Line: 1}, Level: finding.LevelNotice,
			Message: "40 conditions cannot be evaluated (" + strings.Repeat("SomeCondition, ", 60) + "Last); branches are judged for the first 3 only"},
		finding.Diagnostic{Pos: model.Pos{File: "broken.yaml", Line: 2}, Level: finding.LevelError, Message: "cannot parse: mapping values are not allowed here"},
		finding.Diagnostic{Pos: model.Pos{File: "Dockerfile", Line: 1}, Level: finding.LevelError, Message: "no FROM instruction: not a buildable Dockerfile"},
	)
	return res
}

func textOf(t *testing.T, res *scan.Result, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "text", res, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTextFoldsDiagnostics(t *testing.T) {
	out := textOf(t, bigResult(), Options{Width: 80})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	first := strings.Index(out, "Image development")
	if first < 0 {
		t.Fatalf("no findings:\n%s", out)
	}
	head := out[:first]
	wantAll(t, "diagnostics before the findings", head,
		"broken.yaml:2: error: cannot parse: mapping values are not allowed here\n",
		"Dockerfile:1: error: no FROM instruction: not a buildable Dockerfile\n",
		"notice: 5 remote modules not installed (terraform init) and not checked in 3\n    files; -v lists them\n",
		"warning: empty list item (null) ignored (2 times in 1 file); -v lists them\n",
		"stack.yaml:1: notice: 40 conditions cannot be evaluated (SomeCondition,")
	if strings.Contains(out, "module m1 comes from") {
		t.Errorf("notices of one kind are listed one by one:\n%s", head)
	}
	for _, l := range lines[:len(lines)-1] { // findings and the count line are never cut
		if !strings.HasPrefix(l, "  ") && utf8.RuneCountInString(l) > 80 {
			t.Errorf("line of %d characters, over the width of 80: %q", utf8.RuneCountInString(l), l)
		}
	}
	if got, want := lines[len(lines)-1], "33 findings (3 critical, 30 medium) in 12 files: 6 Kubernetes manifests, 3 Terraform files in 2 modules, 1 Dockerfile; 2 inputs could not be read"; got != want {
		t.Errorf("last line\n got %q\nwant %q", got, want)
	}
}

func TestTextVerboseAndQuiet(t *testing.T) {
	verbose := textOf(t, bigResult(), Options{Width: 80, Verbose: true})
	for i := range 5 {
		if want := fmt.Sprintf("tf/m%d/main.tf:3: notice: module m%d comes from registry/m%d,", i%3, i, i); !strings.Contains(verbose, want) {
			t.Errorf("-v does not list %q", want)
		}
	}
	if !strings.Contains(verbose, "Last); branches are judged for the first 3 only\n") {
		t.Errorf("-v cuts a long notice")
	}
	quiet := textOf(t, bigResult(), Options{Width: 80, Quiet: true})
	for _, gone := range []string{"notice", "warning"} {
		if strings.Contains(quiet, gone) {
			t.Errorf("-q prints a %s:\n%s", gone, quiet)
		}
	}
	for _, want := range []string{"broken.yaml:2: error:", "Dockerfile:1: error:", "k8s/app0.yaml:1  test/root-user", "33 findings"} {
		if !strings.Contains(quiet, want) {
			t.Errorf("-q lacks %q", want)
		}
	}
}

func TestTextTriageSummary(t *testing.T) {
	out := textOf(t, bigResult(), Options{Width: 100})
	rules := strings.Index(out, "Findings per rule\n")
	files := strings.Index(out, "Files with most findings\n")
	last := strings.Index(out, "33 findings")
	if rules < 0 || files < rules || last < files || rules < strings.LastIndex(out, "k8s/app9.yaml:30 ") {
		t.Fatalf("want findings, then counts per rule, then files, then the count line:\n%s", out)
	}
	for _, want := range []string{
		"  30  MEDIUM   test/root-user   Runs as root\n   3  CRITICAL test/privileged  Privileged | container\n",
		"Files with most findings\n   6  k8s/app3.yaml  (3 critical, 3 medium)\n   3  k8s/app0.yaml  (3 medium)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out[rules:])
		}
	}
	// A report that fits the screen has none.
	if out := textOf(t, bigResult(), Options{Width: 100, Height: 200}); strings.Contains(out, "Findings per rule") {
		t.Errorf("a report shorter than the screen has a summary for triage")
	}
}

func TestCutPath(t *testing.T) {
	for _, tc := range []struct {
		path  string
		width int
		want  string
	}{
		{"k8s/app.yaml", 20, "k8s/app.yaml"},
		{"repo/samples/k8s-cost-estimator-gitlab/templates/deploy.yaml", 40, "…/templates/deploy.yaml"},
		{"repo/samples/k8s-cost-estimator-gitlab/templates/deploy.yaml", 50, "…/k8s-cost-estimator-gitlab/templates/deploy.yaml"},
		{"a/very-long-file-name-without-room.yaml", 12, "…t-room.yaml"},
		{"dir/ünïcödé/ファイル.yaml", 12, "…/ファイル.yaml"},
		{"x", 1, "x"},
	} {
		got := cutPath(tc.path, tc.width)
		if got != tc.want {
			t.Errorf("cutPath(%q, %d) = %q, want %q", tc.path, tc.width, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > tc.width && tc.width > 1 {
			t.Errorf("cutPath(%q, %d) = %q: %d runes", tc.path, tc.width, got, n)
		}
	}
}

// TestTriageFilesKeepNames checks that files whose paths do not fit the
// width are told apart by their ends, not cut to the same start.
func TestTriageFilesKeepNames(t *testing.T) {
	res := bigResult()
	long := "some/deeply/nested/repository/with/a/long/common/prefix/"
	for i := range res.Findings {
		res.Findings[i].Pos.File = long + res.Findings[i].Pos.File
	}
	out := textOf(t, res, Options{Width: 60})
	files := out[strings.Index(out, "Files with most findings\n"):]
	files = files[:strings.Index(files, "\n\n")]
	for _, want := range []string{"/prefix/k8s/app3.yaml\n", "/prefix/k8s/app0.yaml\n"} {
		if !strings.Contains(files, "  …") || !strings.Contains(files+"\n", want) {
			t.Errorf("the files' summary lacks %q after a cut start:\n%s", want, files)
		}
	}
	for _, line := range strings.Split(files, "\n") {
		if n := utf8.RuneCountInString(line); n > 60 {
			t.Errorf("line of %d runes, over the width: %q", n, line)
		}
	}
}

func TestGroupBy(t *testing.T) {
	res := bigResult()
	for _, tc := range []struct {
		by       string
		headings []string
	}{
		{"phase", []string{"Image development  30 medium", "Host and isolation  3 critical"}},
		{"severity", []string{"Critical  3 findings", "Medium  30 findings"}},
		{"rule", []string{"test/root-user: Runs as root  30 medium", "test/privileged: Privileged | container  3 critical"}},
		{"file", []string{"k8s/app0.yaml  3 medium", "k8s/app1.yaml  3 medium", "k8s/app3.yaml  3 critical, 3 medium"}},
	} {
		out := textOf(t, res, Options{GroupBy: tc.by, Height: 1000})
		at := 0
		for _, h := range tc.headings {
			i := strings.Index(out[at:], "\n"+h+"\n")
			if i < 0 {
				t.Errorf("--group-by %s: no heading %q after the previous one:\n%s", tc.by, h, out)
				break
			}
			at += i + 1
		}
		md := markdownOf(t, res, Options{GroupBy: tc.by})
		if want := "### " + mdCell(strings.Split(tc.headings[0], "  ")[0]) + "\n"; !strings.Contains(md, want) {
			t.Errorf("--group-by %s: Markdown has no heading %q", tc.by, want)
		}
	}
	// Within a file group findings keep their line order.
	out := textOf(t, res, Options{GroupBy: "file", Height: 1000})
	if a, b := strings.Index(out, "k8s/app3.yaml:4 "), strings.Index(out, "k8s/app3.yaml:100 "); a < 0 || b < a {
		t.Errorf("--group-by file: findings of a file out of line order")
	}
}

func markdownOf(t *testing.T, res *scan.Result, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "markdown", res, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestInputsRead(t *testing.T) {
	tf := scan.InputCount{Noun: scan.Noun{One: "Terraform file", Many: "Terraform files"}, Files: 64, DirNoun: scan.Noun{One: "module", Many: "modules"}, Dirs: 11}
	for _, tc := range []struct {
		res  scan.Result
		want string
	}{
		{scan.Result{}, "0 files"},
		{scan.Result{Files: 1, Inputs: []scan.InputCount{{Noun: scan.Noun{One: "Dockerfile", Many: "Dockerfiles"}, Files: 1}}}, "1 Dockerfile"},
		{scan.Result{Files: 64, Inputs: []scan.InputCount{tf}}, "64 Terraform files in 11 modules"},
		{scan.Result{Files: 1273, Inputs: []scan.InputCount{{Noun: scan.Noun{One: "Kubernetes manifest", Many: "Kubernetes manifests"}, Files: 1201}, tf, {Noun: scan.Noun{One: "Dockerfile", Many: "Dockerfiles"}, Files: 8}}},
			"1,273 files: 1,201 Kubernetes manifests, 64 Terraform files in 11 modules, 8 Dockerfiles"},
	} {
		if got := inputsRead(&tc.res); got != tc.want {
			t.Errorf("inputsRead = %q, want %q", got, tc.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1062: "-1,062"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	long := strings.Repeat("word ", 100)
	lines := wrap(long, 40, 3)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("wrap gave %q, want 3 lines, the last cut", lines)
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > 40 {
			t.Errorf("line over 40: %q", l)
		}
	}
	if got := wrap("short", 40, 3); len(got) != 1 || got[0] != "short" {
		t.Errorf("wrap(short) = %q", got)
	}
}
