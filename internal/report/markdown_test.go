package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// cells splits a GFM table row at its unescaped pipes.
func cells(row string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row):
			cur.WriteByte(row[i])
			cur.WriteByte(row[i+1])
			i++
		case row[i] == '|':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(out, cur.String())
}

func TestMarkdownTables(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "markdown", fixture(), Options{ShowSuppressed: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	width := 0
	rows := 0
	for i, line := range lines {
		if !strings.HasPrefix(line, "|") {
			width = 0
			continue
		}
		n := len(cells(line))
		if width == 0 {
			width = n
		} else if n != width {
			t.Errorf("line %d has %d cells, its table %d: %s", i+1, n, width, line)
		}
		if strings.Contains(line, "critical | `test/privileged`") {
			rows++
			want := `container "a\|b" is \*privileged\* \<root\><br>second line \& \` + "`more\\`"
			if !strings.Contains(line, want) {
				t.Errorf("message not escaped for a table cell:\n%s\nwant %s", line, want)
			}
		}
	}
	if rows != 1 {
		t.Errorf("%d rows for test/privileged, want 1", rows)
	}
	for _, want := range []string{"| critical | 1 |", "| high | 2 |", "| info | 0 |", "<details>", "</details>", "### Suppressed", "### Inputs with problems"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Without --show-suppressed the suppressed table is left out.
	buf.Reset()
	if err := Write(&buf, "markdown", fixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "### Suppressed") {
		t.Error("suppressed findings listed without ShowSuppressed")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":            `a\|b`,
		"line\nbreak":    "line<br>break",
		"crlf\r\nx":      "crlf<br>x",
		"<img src=x>":    `\<img src=x\>`,
		"[link](http:)":  `\[link\](http:)`,
		"snake_case *b*": `snake_case \*b\*`,
		"_em_ a__b x_":   `\_em\_ a\_\_b x\_`,
		`back\slash`:     `back\\slash`,
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"a.yaml:3":   "`a.yaml:3`",
		"x|y":        "`x\\|y`",
		"has`tick":   "``has`tick``",
		"`edge":      "`` `edge ``",
		"two\nlines": "`two lines`",
		"":           "",
	} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := fenced("a\n```\nb", "yaml"); !strings.HasPrefix(got, "````yaml\n") || !strings.HasSuffix(got, "\n````") {
		t.Errorf("fenced did not lengthen the fence: %q", got)
	}
}

// TestMarkdownBudget checks that thousands of findings still give a report
// that fits a GitHub comment, saying how many were left out.
func TestMarkdownBudget(t *testing.T) {
	res := fixture()
	base := res.Findings[1]
	res.Findings = nil
	for i := 0; i < 3000; i++ {
		f := base
		f.Pos.Line = i + 1
		res.Findings = append(res.Findings, f)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "markdown", res, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := buf.Len(); n > 65536 {
		t.Errorf("report is %d bytes, over GitHub's comment limit", n)
	}
	rows := strings.Count(buf.String(), "| high | `test/secret-env`")
	if rows == 0 || rows >= 3000 {
		t.Fatalf("%d rows listed", rows)
	}
	if want := fmt.Sprintf("_%s more findings not shown", thousands(3000-rows)); !strings.Contains(buf.String(), want) {
		t.Errorf("report does not say %q", want)
	}
}

// TestMarkdownBudgetNoEmptyTables checks that once the budget is spent,
// the groups left are not written as headings over empty tables.
func TestMarkdownBudgetNoEmptyTables(t *testing.T) {
	res := bigResult()
	for i := range 3000 {
		res.Findings = append(res.Findings, finding.Finding{
			Subject: &finding.Subject{}, RuleInfo: &finding.RuleInfo{Phase: finding.PhaseImage},
			RuleID: "test/root-user", Severity: finding.Medium, Message: "runs as root; set USER",
			Pos: model.Pos{File: fmt.Sprintf("k8s/more%d.yaml", i), Line: 1},
		})
	}
	md := markdownOf(t, res, Options{})
	if strings.Contains(md, "|---|---|---|---|---|\n\n") {
		t.Errorf("a table of findings without a row:\n%s", md[len(md)-1500:])
	}
	if strings.Contains(md, "### Host and isolation") {
		t.Errorf("the host group, past the budget, still has its heading")
	}
	if !strings.Contains(md, "_The 7 warnings and notices counted above are listed one by one in the JSON and SARIF reports._") {
		t.Errorf("no word on where the folded diagnostics are:\n%s", md[len(md)-600:])
	}
}

// TestMarkdownFoldsDiagnostics checks that a pull-request comment lists
// errors one by one, counts the warnings and notices of one kind in one row
// (as the text report does), and lists those one by one after the
// findings, in a collapsed section.
func TestMarkdownFoldsDiagnostics(t *testing.T) {
	md := markdownOf(t, bigResult(), Options{})
	table := md[strings.Index(md, "### Inputs with problems"):]
	table = table[:strings.Index(table, "\n\n###")]
	wantAll(t, "the table of inputs with problems", table,
		"| error | `broken.yaml:2` | cannot parse: mapping values are not allowed here |",
		"| error | `Dockerfile:1` | no FROM instruction: not a buildable Dockerfile |",
		"| notice | 3 files | 5 remote modules not installed (terraform init) and not checked |",
		"| warning | 1 file | empty list item (null) ignored (2 times) |",
		"| notice | `stack.yaml:1` | 40 conditions cannot be evaluated (")
	if strings.Contains(table, "module m4 comes from") {
		t.Errorf("a folded notice is listed in the table:\n%s", table)
	}
	details := md[strings.Index(md, "<summary>Warnings and notices one by one (7)</summary>"):]
	if strings.Index(md, "<summary>Warnings and notices one by one") < strings.LastIndex(md, "test/privileged") {
		t.Errorf("the folded diagnostics come before the findings")
	}
	for i := range 5 {
		if want := fmt.Sprintf("| notice | `tf/m%d/main.tf:3` | module m%d comes from registry/m%d,", i%3, i, i); !strings.Contains(details, want) {
			t.Errorf("the folded notices lack %q:\n%s", want, details)
		}
	}
}

// TestMarkdownFoldedBudget checks that the folded diagnostics stop at the
// comment's budget and say how many are left out.
func TestMarkdownFoldedBudget(t *testing.T) {
	res := bigResult()
	for i := range 2000 {
		res.Diagnostics = append(res.Diagnostics, finding.Diagnostic{
			Pos: model.Pos{File: fmt.Sprintf("charts/c%d/templates/deploy.yaml", i), Line: 20}, Level: finding.LevelNotice,
			Kind:    "Helm chart templates not scanned",
			Message: "looks like a Helm chart template ({{ ... }}), which is not YAML until rendered; not scanned: run `helm template` and scan its output",
		})
	}
	md := markdownOf(t, res, Options{})
	if len(md) > 65536 {
		t.Errorf("the report is %d bytes, over a GitHub comment", len(md))
	}
	if !strings.Contains(md, "| notice | 2,000 files | 2,000 Helm chart templates not scanned |") {
		t.Errorf("no folded row for the templates")
	}
	if !strings.Contains(md, " more not shown, to keep this report within a GitHub comment; the JSON and SARIF reports list them all._") {
		t.Errorf("the folded list does not say what it leaves out")
	}
	if !strings.HasSuffix(strings.TrimSpace(md), "</details>") {
		t.Errorf("the collapsed section is not closed:\n%s", md[len(md)-300:])
	}
}
