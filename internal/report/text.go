package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/termsafe"
)

const (
	reset = "\x1b[0m"
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
)

var severityColor = map[finding.Severity]string{
	finding.Critical: "\x1b[1;35m",
	finding.High:     "\x1b[1;31m",
	finding.Medium:   "\x1b[33m",
	finding.Low:      "\x1b[36m",
	finding.Info:     "\x1b[2m",
}

// DefaultWidth is the line width of text output when it does not go to a
// terminal (and COLUMNS is not set).
const DefaultWidth = 120

// DefaultHeight is the screen height that decides whether text output gets
// a summary for triage, when it does not go to a terminal.
const DefaultHeight = 50

// painter colours text when colour is on.
type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + reset
}

func writeText(out io.Writer, res *scan.Result, o Options) error {
	w := bufio.NewWriter(out)
	p := painter(o.Color)
	width := o.Width
	if width <= 0 {
		width = DefaultWidth
	}
	if writeTextDiagnostics(w, res.Diagnostics, o, width, p) {
		fmt.Fprintln(w)
	}
	groups := groupFindings(res.Findings, o.GroupBy)
	lines := 0
	for _, g := range groups {
		fmt.Fprintf(w, "%s  %s\n", p.paint(bold, termsafe.String(g.Title)), p.paint(dim, g.Note))
		for _, f := range g.Findings {
			sev := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity.String()))
			fmt.Fprintf(w, "  %s %s  %s", p.paint(severityColor[f.Severity], sev), termsafe.String(location(f)), p.paint(bold, f.RuleID))
			if f.Resource != "" {
				fmt.Fprintf(w, "  %s", p.paint(dim, termsafe.String(f.Resource)))
			}
			if f.Fixable {
				fmt.Fprintf(w, "  %s", p.paint(dim, "fixable"))
			}
			fmt.Fprintf(w, "\n           %s\n", termsafe.String(message(f)))
			lines += 2
			if rel := relatedText(f); rel != "" {
				fmt.Fprintf(w, "           %s\n", p.paint(dim, termsafe.String(rel)))
				lines++
			}
			if o.Verbose {
				if r := rule.Lookup(f.RuleID); r != nil {
					fmt.Fprintf(w, "           %s\n", p.paint(dim, "why: "+r.Rationale))
					lines++
				}
			}
		}
		fmt.Fprintln(w)
		lines += 2
	}
	if o.ShowSuppressed && len(res.Suppressed) > 0 {
		fmt.Fprintln(w, p.paint(bold, "Suppressed"))
		for _, f := range res.Suppressed {
			reason := f.Suppression.Reason
			if reason == "" {
				reason = "no reason given"
			}
			fmt.Fprintf(w, "  %s  %s  (%s: %s)\n", termsafe.String(location(&f)), f.RuleID, f.Suppression.Kind, termsafe.String(reason))
		}
		fmt.Fprintln(w)
		lines += len(res.Suppressed) + 2
	}
	height := o.Height
	if height <= 0 {
		height = DefaultHeight
	}
	if lines > height {
		writeTriage(w, res, o, width, p)
	}
	fmt.Fprintln(w, summaryLine(res, countLine(severityCounts(res.Findings))))
	return w.Flush()
}

// writeTextDiagnostics writes the diagnostics before the findings: errors
// one by one; warnings and notices (unless quiet) folded by kind into one
// line each, cut to the width, or all of them in full when verbose. It
// reports whether it wrote anything.
func writeTextDiagnostics(w io.Writer, diags []finding.Diagnostic, o Options, width int, p painter) bool {
	diags = escapeDiagnostics(diags)
	wrote := false
	for _, d := range diags {
		if d.Level == finding.LevelError {
			fmt.Fprintf(w, "%s: %s: %s\n", diagLocation(d), p.paint(severityColor[finding.High], d.Level), d.Message)
			wrote = true
		}
	}
	if o.Quiet {
		return wrote
	}
	if o.Verbose {
		for _, d := range diags {
			if d.Level != finding.LevelError {
				fmt.Fprintf(w, "%s: %s: %s\n", diagLocation(d), d.Level, d.Message)
				wrote = true
			}
		}
		return wrote
	}
	for _, g := range foldDiagnostics(diags) {
		if len(g.diags) == 1 {
			d := g.diags[0]
			for _, l := range wrap(fmt.Sprintf("%s: %s: %s", diagLocation(d), d.Level, d.Message), width, maxDiagLines) {
				fmt.Fprintln(w, l)
			}
			wrote = true
			continue
		}
		files := countOf(g.files, "file", "files")
		line := fmt.Sprintf("%s: %s %s in %s; -v lists them", g.level, thousands(len(g.diags)), g.kind, files)
		if g.files == len(g.diags) && wholeFiles(g.diags) { // one notice per file: the count says it
			line = fmt.Sprintf("%s: %s %s; -v lists them", g.level, thousands(len(g.diags)), g.kind)
		}
		if g.diags[0].Kind == "" { // the kind is the message
			line = fmt.Sprintf("%s: %s (%s times in %s); -v lists them", g.level, g.kind, thousands(len(g.diags)), files)
		}
		for _, l := range wrap(line, width, maxDiagLines) {
			fmt.Fprintln(w, l)
		}
		wrote = true
	}
	return wrote
}

// escapeDiagnostics returns the diagnostics with their file names and
// messages safe for a terminal (a copy when any needed escaping).
func escapeDiagnostics(diags []finding.Diagnostic) []finding.Diagnostic {
	var out []finding.Diagnostic
	for i, d := range diags {
		file, msg := termsafe.String(d.Pos.File), termsafe.String(d.Message)
		if out == nil && (file != d.Pos.File || msg != d.Message) {
			out = append(make([]finding.Diagnostic, 0, len(diags)), diags[:i]...)
		}
		if out != nil {
			d.Pos.File, d.Message = file, msg
			out = append(out, d)
		}
	}
	if out == nil {
		return diags
	}
	return out
}

// wholeFiles reports whether the diagnostics are about whole files (no
// line).
func wholeFiles(diags []finding.Diagnostic) bool {
	for _, d := range diags {
		if d.Pos.Line > 0 {
			return false
		}
	}
	return true
}

// diagGroup is the warnings or notices of one kind.
type diagGroup struct {
	level, kind string
	files       int
	diags       []finding.Diagnostic
}

// foldDiagnostics groups the warnings and notices by level and kind (or
// message, for those without a kind): warnings first, then in the order
// they first appear.
func foldDiagnostics(diags []finding.Diagnostic) []diagGroup {
	var groups []diagGroup
	index := map[[2]string]int{}
	for _, level := range []string{finding.LevelWarning, finding.LevelNotice} {
		for _, d := range diags {
			if d.Level != level {
				continue
			}
			kind := d.Kind
			if kind == "" {
				kind = d.Message
			}
			key := [2]string{level, kind}
			i, ok := index[key]
			if !ok {
				i = len(groups)
				index[key] = i
				groups = append(groups, diagGroup{level: level, kind: kind})
			}
			groups[i].diags = append(groups[i].diags, d)
		}
	}
	for i := range groups {
		files := map[string]bool{}
		for _, d := range groups[i].diags {
			files[d.Pos.File] = true
		}
		groups[i].files = len(files)
	}
	return groups
}

// maxDiagLines is the number of lines a warning or notice may take when
// not verbose.
const maxDiagLines = 3

// wrap breaks s at spaces into lines of at most width runes, the lines
// after the first indented; past maxLines lines, the last is cut with "…".
func wrap(s string, width, maxLines int) []string {
	const indent = "    "
	var lines []string
	for s != "" {
		limit := width
		prefix := ""
		if len(lines) > 0 {
			limit, prefix = width-len(indent), indent
		}
		if len(lines) == maxLines-1 || utf8.RuneCountInString(s) <= limit || limit < 20 {
			lines = append(lines, prefix+cut(s, limit))
			break
		}
		// the last space within the limit
		at, n := -1, 0
		for i, r := range s {
			if n == limit {
				break
			}
			if r == ' ' {
				at = i
			}
			n++
		}
		if at <= 0 {
			lines = append(lines, prefix+cut(s, limit))
			break
		}
		lines = append(lines, prefix+s[:at])
		s = strings.TrimLeft(s[at:], " ")
	}
	return lines
}

// cut shortens a line to width runes, ending it with "…" when cut.
func cut(s string, width int) string {
	if width <= 1 || utf8.RuneCountInString(s) <= width {
		return s
	}
	n := 0
	for i := range s {
		if n == width-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// cutPath shortens a path to width runes by leaving out its start, so that
// what tells files apart, their names and nearest directories, stays:
// "…/samples/gitlab/deploy.yaml". It starts at a directory when one is
// left whole.
func cutPath(p string, width int) string {
	n := utf8.RuneCountInString(p)
	if width <= 1 || n <= width {
		return p
	}
	tail := p
	for skip := n - (width - 1); skip > 0; skip-- {
		_, size := utf8.DecodeRuneInString(tail)
		tail = tail[size:]
	}
	if i := strings.IndexByte(tail, '/'); i >= 0 && i < len(tail)-1 {
		tail = tail[i:]
	}
	return "…" + tail
}

// writeTriage writes, after the findings of a long report, the rules with
// most findings (with their severity) and the files with most findings.
func writeTriage(w io.Writer, res *scan.Result, o Options, width int, p painter) {
	const maxRules, maxFiles = 15, 10
	rules := countBy(pointers(res.Findings), func(f *finding.Finding) string { return f.RuleID })
	sort.SliceStable(rules, func(i, j int) bool { // most severe first among rules with as many findings
		a, b := rules[i], rules[j]
		if a.n != b.n {
			return a.n > b.n
		}
		if a.first.Severity != b.first.Severity {
			return a.first.Severity > b.first.Severity
		}
		return a.key < b.key
	})
	fmt.Fprintln(w, p.paint(bold, "Findings per rule"))
	idWidth := 0
	for i, c := range rules {
		if i < maxRules {
			idWidth = max(idWidth, len(c.key))
		}
	}
	numWidth := len(thousands(len(res.Findings)))
	for i, c := range rules {
		if i == maxRules {
			rest := len(res.Findings) - shown(rules[:i])
			fmt.Fprintf(w, "  %*s  in %d more rules (--group-by rule lists them)\n", numWidth, thousands(rest), len(rules)-i)
			break
		}
		f := c.first
		title := ""
		if r := rule.Lookup(f.RuleID); r != nil {
			title = r.Title
		}
		sev := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity.String()))
		line := fmt.Sprintf("  %*s  %s %-*s  %s", numWidth, thousands(c.n), sev, idWidth, c.key, title)
		line = cut(strings.TrimRight(line, " "), width)
		if o.Color {
			line = strings.Replace(line, sev, p.paint(severityColor[f.Severity], sev), 1)
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	files := countBy(pointers(res.Findings), func(f *finding.Finding) string { return f.Pos.File })
	if len(files) < 2 {
		return
	}
	fmt.Fprintln(w, p.paint(bold, "Files with most findings"))
	for i, c := range files {
		if i == maxFiles {
			fmt.Fprintf(w, "  %*s  in %d more files\n", numWidth, thousands(len(res.Findings)-shown(files[:i])), len(files)-i)
			break
		}
		key := termsafe.String(c.key)
		line := fmt.Sprintf("  %*s  %s  (%s)", numWidth, thousands(c.n), key, countLine(groupSeverities(c.all)))
		if utf8.RuneCountInString(line) > width {
			head := fmt.Sprintf("  %*s  ", numWidth, thousands(c.n))
			line = head + cutPath(key, width-utf8.RuneCountInString(head))
		}
		fmt.Fprintln(w, cut(line, width))
	}
	fmt.Fprintln(w)
}

// keyCount is how many findings share a key, with the first of them.
type keyCount struct {
	key   string
	n     int
	first *finding.Finding
	all   []*finding.Finding
}

// pointers points at each finding of fs.
func pointers(fs []finding.Finding) []*finding.Finding {
	out := make([]*finding.Finding, len(fs))
	for i := range fs {
		out[i] = &fs[i]
	}
	return out
}

// countBy counts findings by a key, most first (then by key).
func countBy(fs []*finding.Finding, key func(*finding.Finding) string) []keyCount {
	index := map[string]int{}
	var out []keyCount
	for _, f := range fs {
		k := key(f)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, keyCount{key: k, first: f})
		}
		out[i].n++
		out[i].all = append(out[i].all, f)
	}
	sortKeyCounts(out)
	return out
}

func shown(cs []keyCount) int {
	n := 0
	for _, c := range cs {
		n += c.n
	}
	return n
}

func diagLocation(d finding.Diagnostic) string {
	if d.Pos.Line > 0 {
		return fmt.Sprintf("%s:%d", d.Pos.File, d.Pos.Line)
	}
	return d.Pos.File
}

func countLine(counts map[finding.Severity]int) string {
	var parts []string
	for s := finding.Critical; s >= finding.Info; s-- {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", thousands(n), s))
		}
	}
	return strings.Join(parts, ", ")
}

// errorCount is the number of inputs (files) with at least one error
// diagnostic: a Dockerfile with three broken lines is one input that could
// not be read.
func errorCount(res *scan.Result) int {
	files := map[string]bool{}
	n := 0
	for _, d := range res.Diagnostics {
		if d.Level != finding.LevelError {
			continue
		}
		if d.Pos.File == "" {
			n++
			continue
		}
		if !files[d.Pos.File] {
			files[d.Pos.File] = true
			n++
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
