// Package report writes scan results: text for people (grouped by lifecycle
// phase, colour only on a terminal), JSON for scripts, SARIF 2.1.0 for code
// scanning, JUnit XML for CI test views and Markdown for pull-request comments.
package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/shipshape/shipshape/internal/finding"
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
	// Verbose adds rationale text to findings in text output.
	Verbose bool
}

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
	for _, f := range fs {
		out[f.Severity]++
	}
	return out
}

// byPhase groups findings by lifecycle phase, in lifecycle order, most
// severe first within a phase.
func byPhase(fs []finding.Finding) []phaseGroup {
	groups := map[finding.Phase][]finding.Finding{}
	for _, f := range fs {
		groups[f.Phase] = append(groups[f.Phase], f)
	}
	var out []phaseGroup
	for _, p := range finding.Phases {
		if g := groups[p]; len(g) > 0 {
			sort.SliceStable(g, func(i, j int) bool { return g[i].Severity > g[j].Severity })
			out = append(out, phaseGroup{Phase: p, Findings: g})
		}
	}
	return out
}

type phaseGroup struct {
	Phase    finding.Phase
	Findings []finding.Finding
}

// location is "file:line" or "file".
func location(f finding.Finding) string {
	if f.Pos.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line)
	}
	return f.Pos.File
}

// message is the finding's message with its condition, if any.
func message(f finding.Finding) string {
	if f.Condition != "" {
		return f.Message + " (" + f.Condition + ")"
	}
	return f.Message
}
