package report

import (
	"io"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/scan"
)

// JSONReport is the JSON output, documented in the README. Fields are only
// ever added, never renamed, within schema version 1.
type JSONReport struct {
	Schema      string           `json:"schema"`
	Tool        JSONTool         `json:"tool"`
	Summary     JSONSummary      `json:"summary"`
	Findings    []JSONFinding    `json:"findings"`
	Suppressed  []JSONFinding    `json:"suppressed"`
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
}

// JSONTool names the producer.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// JSONSummary counts what the scan saw.
type JSONSummary struct {
	Files      int            `json:"files"`
	Rules      int            `json:"rules"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	Errors     int            `json:"errors"`
	BySeverity map[string]int `json:"bySeverity"`
	// Inputs count the files read by kind, most first.
	Inputs []JSONInputs `json:"inputs"`
	// Skipped count the files recognised but not scanned (Helm chart
	// templates), by kind; files does not count them.
	Skipped []JSONInputs `json:"skipped,omitempty"`
}

// JSONInputs is how many files of one kind a scan read: "Kubernetes
// manifests", or "Terraform files" in a number of "modules".
type JSONInputs struct {
	Kind    string `json:"kind"`
	Files   int    `json:"files"`
	DirKind string `json:"dirKind,omitempty"`
	Dirs    int    `json:"dirs,omitempty"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Rule         string `json:"rule"`
	Title        string `json:"title"`
	Severity     string `json:"severity"`
	Phase        string `json:"phase"`
	Message      string `json:"message"`
	File         string `json:"file"`
	Line         int    `json:"line"`
	Column       int    `json:"column,omitempty"`
	Resource     string `json:"resource,omitempty"`
	ResourceType string `json:"resourceType,omitempty"`
	Format       string `json:"format,omitempty"`
	Condition    string `json:"condition,omitempty"`
	ARN          string `json:"arn,omitempty"`
	Account      string `json:"account,omitempty"`
	Region       string `json:"region,omitempty"`
	Fingerprint  string `json:"fingerprint"`
	// Fixable is set when `shipshape fix` has a fix for the finding.
	Fixable bool `json:"fixable,omitempty"`
	// Related are other places the finding concerns: the line of a
	// Terraform module that uses a value its caller wrote (file, line).
	Related     []JSONLocation   `json:"related,omitempty"`
	Suppression *JSONSuppression `json:"suppression,omitempty"`
}

// JSONLocation is a place in a file.
type JSONLocation struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message,omitempty"`
}

// JSONSuppression says why a finding is suppressed.
type JSONSuppression struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason,omitempty"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
}

// JSONDiagnostic is a problem with an input.
type JSONDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Level   string `json:"level"`
	Message string `json:"message"`
	// Kind names diagnostics of one sort (text output folds them); left out
	// when the message is its own kind.
	Kind string `json:"kind,omitempty"`
}

func writeJSON(w io.Writer, res *scan.Result, o Options) error {
	r := JSONReport{
		Schema: "shipshape-report/v1",
		Tool:   JSONTool{Name: "shipshape", Version: o.Version},
		Summary: JSONSummary{
			Files: res.Files, Rules: res.Rules, Findings: len(res.Findings), Suppressed: len(res.Suppressed),
			Errors: errorCount(res), BySeverity: map[string]int{}, Inputs: []JSONInputs{},
		},
		Findings:    []JSONFinding{},
		Suppressed:  []JSONFinding{},
		Diagnostics: []JSONDiagnostic{},
	}
	for s := finding.Info; s <= finding.Critical; s++ {
		r.Summary.BySeverity[s.String()] = 0
	}
	for s, n := range severityCounts(res.Findings) {
		r.Summary.BySeverity[s.String()] = n
	}
	for _, c := range res.Skipped {
		r.Summary.Skipped = append(r.Summary.Skipped, JSONInputs{Kind: c.Noun.Many, Files: c.Files})
	}
	for _, c := range res.Inputs {
		in := JSONInputs{Kind: c.Noun.Many, Files: c.Files}
		if c.Dirs > 0 {
			in.DirKind, in.Dirs = c.DirNoun.Many, c.Dirs
		}
		r.Summary.Inputs = append(r.Summary.Inputs, in)
	}
	// The findings are written one at a time, not built into r.
	return writeStreamedJSON(w, r,
		streamedArray{"findings", len(res.Findings), func(i int) any { return jsonFinding(res.Findings[i]) }},
		streamedArray{"suppressed", len(res.Suppressed), func(i int) any { return jsonFinding(res.Suppressed[i]) }},
		streamedArray{"diagnostics", len(res.Diagnostics), func(i int) any {
			d := res.Diagnostics[i]
			return JSONDiagnostic{File: d.Pos.File, Line: d.Pos.Line, Level: d.Level, Message: d.Message, Kind: d.Kind}
		}})
}

func jsonFinding(f finding.Finding) JSONFinding {
	j := JSONFinding{
		Rule: f.RuleID, Title: f.Title, Severity: f.Severity.String(), Phase: string(f.Phase), Message: f.Message,
		File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Resource: f.Resource, ResourceType: f.ResourceType,
		Format: string(f.Format), Condition: f.Condition, Fingerprint: f.Fingerprint, Fixable: f.Fixable,
		ARN: f.LiveInfo().ARN, Account: f.LiveInfo().Account, Region: f.LiveInfo().Region,
	}
	for _, r := range f.Related {
		j.Related = append(j.Related, JSONLocation{File: r.File, Line: r.Line, Column: r.Col, Message: relatedMessage})
	}
	if s := f.Suppression; s != nil {
		j.Suppression = &JSONSuppression{Kind: s.Kind, Reason: s.Reason, File: s.Pos.File, Line: s.Pos.Line}
	}
	return j
}
