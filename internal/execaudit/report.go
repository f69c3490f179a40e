package execaudit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/termsafe"
)

// Formats are the output formats of a report.
var Formats = []string{"text", "json", "markdown"}

// Report is what exec-audit found.
type Report struct {
	// Version is shipshape's version.
	Version string
	// Start and End bound the events looked at (zero: no bound).
	Start, End time.Time
	// Sources say what was read: Regions through LookupEvents, or files.
	Sources []string
	// Allowlist is the number of exec_allowlist entries.
	Allowlist int
	Read
}

// Summary counts a report's events.
type Summary struct {
	Events           int `json:"events"`
	Allowed          int `json:"allowed"`
	Denied           int `json:"denied"`
	OutsideAllowlist int `json:"outsideAllowlist"`
}

// Summary counts the events.
func (r *Report) Summary() Summary {
	s := Summary{Events: len(r.Events)}
	for _, ev := range r.Events {
		if ev.Allowed {
			s.Allowed++
		} else {
			s.Denied++
		}
		if !ev.Allowlisted {
			s.OutsideAllowlist++
		}
	}
	return s
}

// HasErrors reports whether something could not be read.
func (r *Report) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Level == finding.LevelError {
			return true
		}
	}
	return false
}

// Write writes the report in format; verbose adds each event's ARNs and
// user agent to text output.
func Write(w io.Writer, format string, r *Report, verbose bool) error {
	switch format {
	case "json":
		return writeJSON(w, r)
	case "markdown":
		return writeMarkdown(w, r)
	case "text":
		return writeText(w, r, verbose)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

type jsonDiag struct {
	Level   string `json:"level"`
	File    string `json:"file,omitempty"`
	Message string `json:"message"`
}

func writeJSON(w io.Writer, r *Report) error {
	out := struct {
		Tool        string     `json:"tool"`
		Version     string     `json:"version"`
		Start       *time.Time `json:"start,omitempty"`
		End         *time.Time `json:"end,omitempty"`
		Sources     []string   `json:"sources"`
		Files       int        `json:"files,omitempty"`
		Digests     int        `json:"digestFilesSkipped,omitempty"`
		Records     int        `json:"records"`
		Allowlist   int        `json:"allowlistEntries"`
		Summary     Summary    `json:"summary"`
		Events      []Event    `json:"events"`
		Diagnostics []jsonDiag `json:"diagnostics"`
	}{Tool: "shipshape exec-audit", Version: r.Version, Sources: r.Sources, Files: r.Files, Digests: r.Digests,
		Records: r.Records, Allowlist: r.Allowlist, Summary: r.Summary(), Events: r.Events, Diagnostics: []jsonDiag{}}
	if !r.Start.IsZero() {
		out.Start = &r.Start
	}
	if !r.End.IsZero() {
		out.End = &r.End
	}
	if out.Events == nil {
		out.Events = []Event{}
	}
	if out.Sources == nil {
		out.Sources = []string{}
	}
	for _, d := range r.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiag{Level: d.Level, File: d.Pos.File, Message: d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// row is an event's cells, made safe for a terminal.
func row(ev Event) []string {
	result := "allowed"
	if !ev.Allowed {
		result = "denied (" + ev.ErrorCode + ")"
	}
	allow := "NO"
	if ev.Allowlisted {
		allow = "yes"
	}
	cells := []string{ev.Time.UTC().Format("2006-01-02 15:04:05"), ev.Principal, ev.SourceIP, ShortName(ev.Cluster),
		ShortName(ev.Task), ev.Container, cut(ev.Command, 50), result, allow}
	for i, c := range cells {
		cells[i] = termsafe.String(c)
		if cells[i] == "" {
			cells[i] = "-"
		}
	}
	return cells
}

var header = []string{"TIME (UTC)", "PRINCIPAL", "SOURCE IP", "CLUSTER", "TASK", "CONTAINER", "COMMAND", "RESULT", "ALLOWLISTED"}

func writeText(w io.Writer, r *Report, verbose bool) error {
	var b strings.Builder
	if len(r.Events) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, ev := range r.Events {
			fmt.Fprintln(tw, strings.Join(row(ev), "\t"))
		}
		tw.Flush()
		if verbose {
			b.WriteString("\n")
			for _, ev := range r.Events {
				fmt.Fprintf(&b, "%s  %s\n", ev.Time.UTC().Format(time.RFC3339), termsafe.String(ev.ID))
				for _, kv := range [][2]string{{"caller", ev.ARN}, {"role", ev.RoleARN}, {"user agent", ev.UserAgent},
					{"cluster", ev.Cluster}, {"task", ev.Task}, {"command", ev.Command}, {"error", ev.ErrorMessage},
					{"allowlist entry", ev.AllowlistEntry}, {"source", ev.Source}} {
					if kv[1] != "" {
						fmt.Fprintf(&b, "  %-16s %s\n", kv[0]+":", termsafe.String(kv[1]))
					}
				}
			}
		}
		b.WriteString("\n")
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "%s: %s\n", d.Level, termsafe.String(d.Message))
	}
	if len(r.Diagnostics) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(SummaryLine(r) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// SummaryLine says what was read and found in one sentence.
func SummaryLine(r *Report) string {
	s := r.Summary()
	var b strings.Builder
	switch s.Events {
	case 0:
		b.WriteString("no ExecuteCommand events")
	case 1:
		b.WriteString("1 ExecuteCommand event")
	default:
		fmt.Fprintf(&b, "%d ExecuteCommand events", s.Events)
	}
	if s.Events > 0 {
		fmt.Fprintf(&b, " (%d allowed, %d denied)", s.Allowed, s.Denied)
	}
	if len(r.Sources) > 0 {
		b.WriteString(" in " + strings.Join(r.Sources, ", "))
	}
	if !r.Start.IsZero() && !r.End.IsZero() {
		fmt.Fprintf(&b, " from %s to %s", r.Start.UTC().Format("2006-01-02 15:04Z"), r.End.UTC().Format("2006-01-02 15:04Z"))
	}
	switch {
	case s.Events == 0:
	case r.Allowlist == 0:
		fmt.Fprintf(&b, "; exec_allowlist in .shipshape.yaml is empty, so every one is outside it (list the roles and users allowed to use ECS Exec)")
	case s.OutsideAllowlist == 0:
		b.WriteString("; all by principals on exec_allowlist")
	default:
		fmt.Fprintf(&b, "; %d by principals not on exec_allowlist", s.OutsideAllowlist)
	}
	return b.String()
}

func writeMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString("## ECS Exec use\n\n" + mdCell(SummaryLine(r)) + "\n\n")
	if len(r.Events) > 0 {
		b.WriteString("| " + strings.Join(header, " | ") + " |\n|" + strings.Repeat(" --- |", len(header)) + "\n")
		for _, ev := range r.Events {
			cells := row(ev)
			for i := range cells {
				cells[i] = mdCell(cells[i])
			}
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
		b.WriteString("\n")
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintf(&b, "- **%s**: %s\n", d.Level, mdCell(d.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = termsafe.String(s)
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`)
	return r.Replace(s)
}

// ShortName is the last part of an ARN ("prod" of .../cluster/prod), or
// the value itself.
func ShortName(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	return s[strings.LastIndex(s, "/")+1:]
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
