package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

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

func writeText(out io.Writer, res *scan.Result, o Options) error {
	w := bufio.NewWriter(out)
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + reset
	}
	for _, d := range res.Diagnostics {
		level := d.Level
		if level == finding.LevelError {
			level = paint(severityColor[finding.High], level)
		}
		fmt.Fprintf(w, "%s: %s: %s\n", termsafe.String(diagLocation(d)), level, termsafe.String(d.Message))
	}
	if len(res.Diagnostics) > 0 {
		fmt.Fprintln(w)
	}
	for _, g := range byPhase(res.Findings) {
		counts := severityCounts(g.Findings)
		fmt.Fprintf(w, "%s  %s\n", paint(bold, g.Phase.Title()), paint(dim, countLine(counts)))
		for _, f := range g.Findings {
			sev := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity.String()))
			fmt.Fprintf(w, "  %s %s  %s", paint(severityColor[f.Severity], sev), termsafe.String(location(f)), paint(bold, f.RuleID))
			if f.Resource != "" {
				fmt.Fprintf(w, "  %s", paint(dim, termsafe.String(f.Resource)))
			}
			fmt.Fprintf(w, "\n           %s\n", termsafe.String(message(f)))
			if o.Verbose {
				if r := rule.Lookup(f.RuleID); r != nil {
					fmt.Fprintf(w, "           %s\n", paint(dim, "why: "+r.Rationale))
				}
			}
		}
		fmt.Fprintln(w)
	}
	if o.ShowSuppressed && len(res.Suppressed) > 0 {
		fmt.Fprintln(w, paint(bold, "Suppressed"))
		for _, f := range res.Suppressed {
			reason := f.Suppression.Reason
			if reason == "" {
				reason = "no reason given"
			}
			fmt.Fprintf(w, "  %s  %s  (%s: %s)\n", termsafe.String(location(f)), f.RuleID, f.Suppression.Kind, termsafe.String(reason))
		}
		fmt.Fprintln(w)
	}
	summary := fmt.Sprintf("%d finding%s", len(res.Findings), plural(len(res.Findings)))
	if len(res.Findings) > 0 {
		summary += " (" + countLine(severityCounts(res.Findings)) + ")"
	}
	summary += fmt.Sprintf(" in %d file%s", res.Files, plural(res.Files))
	if n := len(res.Suppressed); n > 0 {
		summary += fmt.Sprintf(", %d suppressed", n)
	}
	if n := errorCount(res); n > 0 {
		summary += fmt.Sprintf(", %d input%s could not be read", n, plural(n))
	}
	fmt.Fprintln(w, summary)
	return w.Flush()
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
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
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
