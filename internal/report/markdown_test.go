package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
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
	if want := fmt.Sprintf("_%d more findings not shown", 3000-rows); !strings.Contains(buf.String(), want) {
		t.Errorf("report does not say %q", want)
	}
}
