// Package adapt holds what every input adapter returns to the scan pipeline.
// The adapters themselves live in the subpackages, one per input kind; each
// turns a parsed file (or a module directory) into model states.
package adapt

import (
	"bytes"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// Result is what adapting one input produced.
type Result struct {
	// States are the scopes found; a template whose conditions could not be
	// evaluated gives one state per combination of their values.
	States []*model.State
	// Diagnostics report inputs that could not be read, parsed or fully understood.
	Diagnostics []finding.Diagnostic
	// Comments are the comment lines of the input, for inline suppressions:
	// all of them, or only those MayBeDirective accepts.
	Comments []Comment
	// Report, when set, keeps only the findings it accepts, by the file a
	// finding is located in and the resource it names: a Terraform file
	// named alone is evaluated with the rest of its module, and only its own
	// findings are reported.
	Report func(file, resource string) bool
	// Yields, when set, reports the findings that give way to a more exact
	// finding from the same input: on a built image, what a rule guessed
	// from a history step yields to what the layer that step wrote holds.
	Yields func(f *finding.Finding) bool
	// Skipped, when set, says the input was recognised but not scanned
	// (a Helm chart template, which is not YAML until rendered), and names
	// such inputs for the counts of reports.
	Skipped *Noun
	// Read are the display paths of the files the input read besides its
	// own (the local modules a Terraform root calls), so that the counts of
	// reports include the files its findings may be located in.
	Read []string
}

// Noun is how reports count a kind of input: "Dockerfile", "Dockerfiles".
type Noun struct{ One, Many string }

// For is the noun for n inputs.
func (n Noun) For(count int) string {
	if count == 1 {
		return n.One
	}
	return n.Many
}

// Comment is one comment line of an input file.
type Comment struct {
	Pos  model.Pos
	Text string
}

// directiveWords are the words one of which every suppression directive
// (shipshape:ignore, hadolint ignore=, checkov:skip=, trivy:ignore:) says.
var directiveWords = [...]string{"ignore", "skip"}

// MayBeDirective reports whether a comment's text may hold a suppression
// directive: the directive parser reads no other, so an adapter may keep
// only the comments it accepts (most comments are not directives).
func MayBeDirective(text string) bool {
	for _, w := range directiveWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// MayBeDirectiveBytes is MayBeDirective of a comment's text as bytes.
func MayBeDirectiveBytes(text []byte) bool {
	for _, w := range directiveBytes {
		if bytes.Contains(text, w) {
			return true
		}
	}
	return false
}

// directiveBytes are directiveWords as bytes.
var directiveBytes = func() (out [len(directiveWords)][]byte) {
	for i, w := range directiveWords {
		out[i] = []byte(w)
	}
	return out
}()

// HasErrors reports whether an error diagnostic was added.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Level == finding.LevelError {
			return true
		}
	}
	return false
}

// Errorf adds an error diagnostic (the input could not be read or parsed).
func (r *Result) Errorf(pos model.Pos, msg string) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelError, Message: msg})
}

// Warnf adds a warning diagnostic (the input was read, with a problem).
func (r *Result) Warnf(pos model.Pos, msg string) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelWarning, Message: msg})
}

// Notef adds a notice (something not checked, such as a remote module).
func (r *Result) Notef(pos model.Pos, msg string) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelNotice, Message: msg})
}

// Warn adds a warning of a kind (see finding.Diagnostic.Kind): text output
// folds the warnings of one kind into one line.
func (r *Result) Warn(kind string, pos model.Pos, msg string) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelWarning, Message: msg, Kind: kind})
}

// Note adds a notice of a kind (see finding.Diagnostic.Kind): text output
// folds the notices of one kind into one line.
func (r *Result) Note(kind string, pos model.Pos, msg string) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelNotice, Message: msg, Kind: kind})
}
