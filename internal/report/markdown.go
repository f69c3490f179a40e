package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// writeMarkdown writes GitHub-flavoured Markdown for a pull-request comment
// or a job summary: counts by severity, then a table of findings per
// lifecycle phase with the remediation of its rules folded in <details>.
func writeMarkdown(out io.Writer, res *scan.Result, o Options) error {
	counted := &countingWriter{w: out}
	w := bufio.NewWriter(counted)
	written := func() int { return counted.n + w.Buffered() }
	omitted := 0
	// folded are the warnings and notices counted in one row of their
	// kind, listed one by one at the end when there is room.
	var folded []finding.Diagnostic
	fmt.Fprintln(w, "## shipshape")
	fmt.Fprintln(w)
	summary := fmt.Sprintf("**%s** in %s", findingCount(len(res.Findings)), inputsRead(res))
	var extra []string
	if n := len(res.Suppressed); n > 0 {
		extra = append(extra, fmt.Sprintf("%d suppressed", n))
	}
	if n := errorCount(res); n > 0 {
		extra = append(extra, fmt.Sprintf("%d input%s could not be read", n, plural(n)))
	}
	if skipped := inputsSkipped(res); skipped != "" {
		extra = append(extra, skipped)
	}
	if len(extra) > 0 {
		summary += " (" + strings.Join(extra, ", ") + ")"
	}
	fmt.Fprintln(w, summary)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| severity | findings |")
	fmt.Fprintln(w, "|---|---:|")
	counts := severityCounts(res.Findings)
	for s := finding.Critical; s >= finding.Info; s-- {
		fmt.Fprintf(w, "| %s | %s |\n", s, thousands(counts[s]))
	}

	if len(res.Diagnostics) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "### Inputs with problems")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| level | location | message |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, d := range res.Diagnostics {
			if d.Level == finding.LevelError {
				writeDiagRow(w, d)
			}
		}
		for _, g := range foldDiagnostics(res.Diagnostics) {
			if len(g.diags) == 1 {
				writeDiagRow(w, g.diags[0])
				continue
			}
			folded = append(folded, g.diags...)
			what := thousands(len(g.diags)) + " " + g.kind
			if g.diags[0].Kind == "" { // the kind is the message
				what = fmt.Sprintf("%s (%s times)", g.kind, thousands(len(g.diags)))
			}
			fmt.Fprintf(w, "| %s | %s | %s |\n", g.level, countOf(g.files, "file", "files"), mdCell(what))
		}
	}

	for _, g := range groupFindings(res.Findings, o.GroupBy) {
		if written() > MarkdownBudget {
			// No room left: a heading over an empty table says nothing.
			omitted += len(g.Findings)
			continue
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "### %s\n\n", mdCell(g.Title))
		fmt.Fprintln(w, "| severity | rule | location | resource | message |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		var ruleIDs []string
		formats := map[string]map[model.Format]bool{}
		for _, f := range g.Findings {
			if written() > MarkdownBudget {
				omitted++
				continue
			}
			resource := ""
			if f.Resource != "" {
				resource = mdCode(f.Resource)
			}
			msg := message(f)
			if rel := relatedText(f); rel != "" {
				msg += " (" + rel + ")"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", f.Severity, mdCode(f.RuleID), mdCode(location(f)), resource, mdCell(msg))
			if formats[f.RuleID] == nil {
				formats[f.RuleID] = map[model.Format]bool{}
				ruleIDs = append(ruleIDs, f.RuleID)
			}
			formats[f.RuleID][f.Format] = true
		}
		sort.Strings(ruleIDs)
		if written() <= MarkdownBudget {
			writeRemediation(w, ruleIDs, formats)
		}
	}
	if omitted > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "_%s more finding%s not shown, to keep this report within a GitHub comment; see the JSON or SARIF report for all of them._\n", thousands(omitted), plural(omitted))
	}

	if len(folded) > 0 {
		writeFolded(w, folded, written)
	}

	if o.ShowSuppressed && len(res.Suppressed) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "### Suppressed")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| rule | location | resource | kind | reason |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for _, f := range res.Suppressed {
			resource := ""
			if f.Resource != "" {
				resource = mdCode(f.Resource)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", mdCode(f.RuleID), mdCode(location(&f)), resource, f.Suppression.Kind, mdCell(suppressionReason(f)))
		}
	}
	return w.Flush()
}

// writeFolded lists, in a collapsed section, the warnings and notices the
// table of inputs with problems counts by kind, as many as the budget
// leaves room for.
func writeFolded(w io.Writer, diags []finding.Diagnostic, written func() int) {
	fmt.Fprintln(w)
	if written() > MarkdownBudget {
		fmt.Fprintf(w, "_The %s warnings and notices counted above are listed one by one in the JSON and SARIF reports._\n", thousands(len(diags)))
		return
	}
	fmt.Fprintln(w, "<details>")
	fmt.Fprintf(w, "<summary>Warnings and notices one by one (%s)</summary>\n\n", thousands(len(diags)))
	fmt.Fprintln(w, "| level | location | message |")
	fmt.Fprintln(w, "|---|---|---|")
	left := 0
	for i, d := range diags {
		if written() > MarkdownBudget {
			left = len(diags) - i
			break
		}
		writeDiagRow(w, d)
	}
	if left > 0 {
		fmt.Fprintf(w, "\n_%s more not shown, to keep this report within a GitHub comment; the JSON and SARIF reports list them all._\n", thousands(left))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "</details>")
}

// writeDiagRow writes a diagnostic as a row of a level, location and
// message table.
func writeDiagRow(w io.Writer, d finding.Diagnostic) {
	fmt.Fprintf(w, "| %s | %s | %s |\n", d.Level, mdCode(diagLocation(d)), mdCell(d.Message))
}

// MarkdownBudget is the size in bytes after which the Markdown report stops
// listing findings, so that it fits a GitHub comment or job summary (65,536
// characters) with room for the closing lines.
const MarkdownBudget = 60000

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// findingCount is "No findings", "1 finding" or "N findings".
func findingCount(n int) string {
	if n == 0 {
		return "No findings"
	}
	return fmt.Sprintf("%s finding%s", thousands(n), plural(n))
}

// writeRemediation writes a collapsed section with each rule's rationale and
// its remediation for the input formats its findings came from (all of
// them when none of those has a snippet).
func writeRemediation(w io.Writer, ruleIDs []string, formats map[string]map[model.Format]bool) {
	var blocks []string
	for _, id := range ruleIDs {
		r := rule.Lookup(id)
		if r == nil {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "#### %s: %s\n\n", mdCode(r.ID), mdCell(r.Title))
		if r.Rationale != "" {
			fmt.Fprintf(&b, "%s\n\n", mdCell(r.Rationale))
		}
		fs := remediationFormats(r)
		var seen []model.Format
		for _, f := range fs {
			if formats[id][f] {
				seen = append(seen, f)
			}
		}
		if len(seen) > 0 {
			fs = seen
		}
		for _, f := range fs {
			fmt.Fprintf(&b, "%s:\n\n%s\n\n", FormatName(f), fenced(r.Remediation[f], fenceLanguage(f)))
		}
		fmt.Fprintf(&b, "More: `shipshape rules %s`\n", r.ID)
		blocks = append(blocks, b.String())
	}
	if len(blocks) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "<details>")
	fmt.Fprintf(w, "<summary>How to fix (%d rule%s)</summary>\n\n", len(blocks), plural(len(blocks)))
	fmt.Fprint(w, strings.Join(blocks, "\n"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "</details>")
}

// mdCell escapes text for a Markdown table cell or a line of prose: it
// backslash-escapes the characters Markdown or a GFM table would interpret
// and turns line breaks into <br> so a table row stays on one line. An
// underscore inside a word (STRIPE_API_KEY) cannot start emphasis and is
// left alone.
func mdCell(s string) string {
	s = newlines.Replace(s)
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '\n':
			b.WriteString("<br>")
		case r == '_' && i > 0 && i+1 < len(rs) && isWordRune(rs[i-1]) && isWordRune(rs[i+1]):
			b.WriteRune(r)
		case strings.ContainsRune("\\`*_[]<>|~&#", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdCode puts s in a code span that is safe in a table cell: the fence is
// longer than any backtick run in s, pipes are escaped (GFM splits cells
// before it reads code spans) and line breaks become spaces.
// newlines makes every line break a "\n".
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// mdCodeReplacer keeps a code span on one table row.
var mdCodeReplacer = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`)

func mdCode(s string) string {
	s = mdCodeReplacer.Replace(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
