package suppress

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/safefs"
)

// Baseline is a set of accepted findings, written by --write-baseline and
// read by --baseline so that only new findings fail a build. Findings are
// matched by fingerprint, which does not depend on line numbers.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
	index    map[string]bool
}

// BaselineEntry is one accepted finding; only Fingerprint is used to match,
// the rest helps people reading the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Resource    string `json:"resource,omitempty"`
	Message     string `json:"message"`
}

// NewBaseline records findings.
func NewBaseline(fs []finding.Finding) *Baseline {
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for _, f := range fs {
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.RuleID, File: f.Pos.File, Resource: f.Resource, Message: f.Message})
	}
	sort.Slice(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	return b
}

// ReadBaseline loads a baseline file, a regular file of at most limit bytes.
func ReadBaseline(path string, limit int64) (*Baseline, error) {
	data, err := safefs.ReadFile(path, limit)
	if err != nil {
		return nil, err
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a shipshape baseline: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("%s: baseline version %d is not supported", path, b.Version)
	}
	return &b, nil
}

// Write saves the baseline (through a temporary file renamed into place).
func (b *Baseline) Write(path string) error {
	return safefs.WriteFile(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	})
}

// Has reports whether a finding is in the baseline.
func (b *Baseline) Has(f finding.Finding) bool {
	if b.index == nil {
		b.index = map[string]bool{}
		for _, e := range b.Findings {
			b.index[e.Fingerprint] = true
		}
	}
	return b.index[f.Fingerprint]
}
