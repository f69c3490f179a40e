// Package report writes scan results: text for people (grouped by lifecycle
// phase, colour only on a terminal), JSON for scripts, SARIF 2.1.0 for code
// scanning, JUnit XML for CI test views and Markdown for pull-request comments.
package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// Formats lists the output formats.
var Formats = []string{"text", "json", "sarif", "junit", "markdown"}

// Options tune a report.
type Options struct {
	// Version is shipshape's version, written into machine formats.
	Version string
	// Color turns on ANSI colour in text output.
	Color bool
	// ShowSuppressed lists suppressed findings in text and Markdown.
	ShowSuppressed bool
	// Verbose adds rationale text to findings in text output and lists
	// every warning and notice in full.
	Verbose bool
	// Quiet leaves warnings and notices out of text output: findings and
	// errors only.
	Quiet bool
	// GroupBy groups findings in text and Markdown: phase (default), rule,
	// file or severity.
	GroupBy string
	// Width is the width text lines other than findings are cut to
	// (default DefaultWidth); Height the number of lines of findings after
	// which text output adds a summary for triage (default DefaultHeight).
	Width, Height int
}

// GroupBys lists the ways findings can be grouped, the default first.
var GroupBys = []string{"phase", "rule", "file", "severity"}

// Write writes the result in the named format.
func Write(w io.Writer, format string, res *scan.Result, o Options) error {
	switch format {
	case "text", "":
		return writeText(w, res, o)
	case "json":
		return writeJSON(w, res, o)
	case "sarif":
		return writeSARIF(w, res, o)
	case "junit":
		return writeJUnit(w, res, o)
	case "markdown", "md":
		return writeMarkdown(w, res, o)
	}
	return fmt.Errorf("unknown format %q (want one of text, json, sarif, junit, markdown)", format)
}

// severityCounts counts findings per severity.
func severityCounts(fs []finding.Finding) map[finding.Severity]int {
	out := map[finding.Severity]int{}
	for i := range fs {
		out[fs[i].Severity]++
	}
	return out
}

// groupSeverities counts a group's findings per severity.
func groupSeverities(fs []*finding.Finding) map[finding.Severity]int {
	out := map[finding.Severity]int{}
	for _, f := range fs {
		out[f.Severity]++
	}
	return out
}

// group is findings shown together under a heading.
type group struct {
	// Title is the heading; Note says what the group holds (counts).
	Title, Note string
	// Findings point into the result (a report does not copy them).
	Findings []*finding.Finding
}

// groupFindings groups findings for text and Markdown:
//   - phase: by lifecycle phase, in lifecycle order, most severe first
//     within a phase;
//   - severity: most severe first, in file order within;
//   - rule: the rules with most findings first, in file order within;
//   - file: by path, in line order within.
func groupFindings(fs []finding.Finding, by string) []group {
	ptrs := pointers(fs)
	var out []group
	switch by {
	case "rule":
		for _, c := range countBy(ptrs, func(f *finding.Finding) string { return f.RuleID }) {
			title := c.key
			if r := rule.Lookup(c.key); r != nil {
				title += ": " + r.Title
			}
			out = append(out, group{Title: title, Note: countLine(groupSeverities(c.all)), Findings: c.all})
		}
	case "file":
		cs := countBy(ptrs, func(f *finding.Finding) string { return f.Pos.File })
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].key < cs[j].key })
		for _, c := range cs {
			out = append(out, group{Title: c.key, Note: countLine(groupSeverities(c.all)), Findings: c.all})
		}
	case "severity":
		groups := map[finding.Severity][]*finding.Finding{}
		for _, f := range ptrs {
			groups[f.Severity] = append(groups[f.Severity], f)
		}
		for s := finding.Critical; s >= finding.Info; s-- {
			if g := groups[s]; len(g) > 0 {
				out = append(out, group{Title: strings.ToUpper(s.String()[:1]) + s.String()[1:], Note: countOf(len(g), "finding", "findings"), Findings: g})
			}
		}
	default:
		groups := map[finding.Phase][]*finding.Finding{}
		for _, f := range ptrs {
			groups[f.Phase] = append(groups[f.Phase], f)
		}
		for _, p := range finding.Phases {
			if g := groups[p]; len(g) > 0 {
				sort.SliceStable(g, func(i, j int) bool { return g[i].Severity > g[j].Severity })
				out = append(out, group{Title: p.Title(), Note: countLine(groupSeverities(g)), Findings: g})
			}
		}
	}
	return out
}

// sortKeyCounts orders counts most first, then by key.
func sortKeyCounts(cs []keyCount) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].n != cs[j].n {
			return cs[i].n > cs[j].n
		}
		return cs[i].key < cs[j].key
	})
}

// summaryLine is the last line of a report: the findings with the given
// severity counts, what was read as the user thinks of it ("in 273 files:
// 201 Kubernetes manifests, 64 Terraform files in 11 modules, 8
// Dockerfiles"), suppressed findings and inputs that could not be read.
func summaryLine(res *scan.Result, severities string) string {
	s := countOf(len(res.Findings), "finding", "findings")
	if severities != "" {
		s += " (" + severities + ")"
	}
	s += " in " + inputsRead(res)
	if skipped := inputsSkipped(res); skipped != "" {
		s += "; " + skipped
	}
	if n := len(res.Suppressed); n > 0 {
		s += "; " + thousands(n) + " suppressed"
	}
	if n := errorCount(res); n > 0 {
		s += "; " + countOf(n, "input", "inputs") + " could not be read"
	}
	return s
}

// inputsRead says how many files of which kinds a scan read.
func inputsRead(res *scan.Result) string {
	var kinds []string
	for _, c := range res.Inputs {
		k := countOf(c.Files, c.Noun.One, c.Noun.Many)
		if c.Dirs > 0 {
			k += " in " + countOf(c.Dirs, c.DirNoun.One, c.DirNoun.Many)
		}
		kinds = append(kinds, k)
	}
	if len(res.Inputs) == 1 && res.Inputs[0].Files == res.Files {
		return kinds[0]
	}
	s := countOf(res.Files, "file", "files")
	if len(kinds) > 0 {
		s += ": " + strings.Join(kinds, ", ")
	}
	return s
}

// inputsSkipped says how many files of which kinds were recognised but
// not scanned: "3 Helm chart templates skipped".
func inputsSkipped(res *scan.Result) string {
	var kinds []string
	for _, c := range res.Skipped {
		kinds = append(kinds, countOf(c.Files, c.Noun.One, c.Noun.Many))
	}
	if len(kinds) == 0 {
		return ""
	}
	return strings.Join(kinds, ", ") + " skipped"
}

// countOf is "1 file" or "1,062 files".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// location is "file:line" or "file".
func location(f *finding.Finding) string {
	if f.Pos.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line)
	}
	return f.Pos.File
}

// relatedMessage describes a finding's related location.
const relatedMessage = "the line that uses the value written at the finding's location"

// relatedText says where a value a module's caller wrote is used (the
// finding's related locations), or "" when there is none.
func relatedText(f *finding.Finding) string {
	if len(f.Related) == 0 {
		return ""
	}
	var at []string
	for _, r := range f.Related {
		at = append(at, location(&finding.Finding{Pos: r}))
	}
	return "the value written here is used at " + strings.Join(at, ", ")
}

// message is the finding's message with its condition, if any.
func message(f *finding.Finding) string {
	if f.Condition != "" {
		return f.Message + " (" + f.Condition + ")"
	}
	return f.Message
}
