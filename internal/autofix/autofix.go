// Package autofix is `shipshape fix`: one more consumer of findings. It
// scans, hands every fixable finding to its rule's fix function, applies the
// edits with package fix, checks that each changed file still parses, and
// scans again, for a few rounds, until nothing more can be fixed. Files are
// changed in memory (as a scan overlay); the caller prints a diff or writes
// them.
package autofix

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/secrets"
)

// maxRounds bounds the scan-fix rounds: fixes that touch the same lines
// wait for the next round, after the file has been parsed again.
const maxRounds = 6

// Options configure a fix run.
type Options struct {
	// Scan are the options of the scans fix runs (paths, config, inputs).
	Scan scan.Options
	// Only limits the fixes to these rule IDs (--rule); empty: every rule.
	Only map[string]bool
	// Choices are the user's answers for fixes that need them.
	Choices fix.Choices
}

// Change is one finding fixed.
type Change struct {
	RuleID   string
	Resource string
	// Line is where the finding was, in the file as it was read.
	Line    int
	Message string
	// Notes say what to do before deploying the change.
	Notes []string
}

// Skip is a fixable finding that was not fixed, and why.
type Skip struct {
	RuleID   string
	Resource string
	Pos      model.Pos
	Reason   string
}

// File is a file fix changed.
type File struct {
	// Path is the file's path as findings name it.
	Path          string
	Format        model.Format
	Before, After []byte
	Changes       []Change
	// redact lists text removed from the file that must not be printed.
	redact []string
}

// Diff is the file's change as a unified diff, with every secret the
// fixes moved out of the file masked.
func (f *File) Diff() string {
	d := fix.UnifiedDiff(f.Path, f.Before, f.After)
	for _, s := range f.redact {
		if s != "" {
			d = strings.ReplaceAll(d, s, secrets.Mask(s))
		}
	}
	return d
}

// Result is what a fix run did.
type Result struct {
	// Files are the files changed, by path.
	Files []*File
	// Skipped are the fixable findings left as they were, with the reason.
	Skipped []Skip
	// Remaining are the fixable findings still reported after the fixes
	// (nothing is said about them beyond the skips).
	Remaining []finding.Finding
	// Diagnostics are the first scan's (inputs that could not be read).
	Diagnostics []finding.Diagnostic
	// Fixable is the number of fixable findings the first scan reported.
	Fixable int
}

// Run scans, fixes and scans again until no fix applies.
func Run(o Options) (*Result, error) {
	res := &Result{}
	overlay := map[string][]byte{}
	files := map[string]*File{}
	skipped := map[string]bool{}
	for round := 0; ; round++ {
		so := o.Scan
		so.Overlay = overlay
		sr, err := scan.Run(so)
		if err != nil {
			return nil, err
		}
		pending := map[string][]finding.Finding{}
		var paths []string
		res.Remaining = res.Remaining[:0]
		for _, f := range sr.Findings {
			if !f.Fixable || (len(o.Only) > 0 && !o.Only[f.RuleID]) || f.Pos.File == "" || f.Pos.File == "<stdin>" {
				continue
			}
			res.Remaining = append(res.Remaining, f)
			if skipped[key(f)] {
				continue
			}
			if pending[f.Pos.File] == nil {
				paths = append(paths, f.Pos.File)
			}
			pending[f.Pos.File] = append(pending[f.Pos.File], f)
		}
		if round == 0 {
			res.Diagnostics = sr.Diagnostics
			res.Fixable = len(res.Remaining)
		}
		if len(paths) == 0 || round == maxRounds {
			break
		}
		sort.Strings(paths)
		progress := false
		for _, path := range paths {
			data, ok := overlay[path]
			if !ok {
				if data, err = os.ReadFile(path); err != nil {
					for _, f := range pending[path] {
						skipped[key(f)] = true
						res.Skipped = append(res.Skipped, skipOf(f, "cannot read the file: "+err.Error()))
					}
					continue
				}
			}
			ff := files[path]
			if ff == nil {
				ff = &File{Path: path, Format: pending[path][0].Format, Before: data}
			}
			out, changes, skips := fixFile(path, data, pending[path], &o.Choices, ff)
			for _, s := range skips {
				skipped[s.key] = true
				res.Skipped = append(res.Skipped, s.Skip)
			}
			if out != nil {
				overlay[path] = out
				ff.After = out
				ff.Changes = append(ff.Changes, changes...)
				files[path] = ff
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	for _, f := range files {
		if string(f.Before) != string(f.After) {
			res.Files = append(res.Files, f)
		}
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	return res, nil
}

type skip struct {
	Skip
	key string
}

func key(f finding.Finding) string {
	return f.RuleID + "\x00" + f.Pos.File + "\x00" + f.Resource + "\x00" + f.Message
}

func skipOf(f finding.Finding, reason string) Skip {
	return Skip{RuleID: f.RuleID, Resource: f.Resource, Pos: f.Pos, Reason: reason}
}

type candidate struct {
	f      finding.Finding
	edits  []fix.Edit
	notes  []string
	redact []string
}

// fixFile runs the fix functions of one file's findings and applies the
// edits that do not conflict. It returns the new text (nil when nothing
// changed), the changes made, and the findings skipped.
func fixFile(path string, data []byte, fs []finding.Finding, choices *fix.Choices, ff *File) ([]byte, []Change, []skip) {
	file := &fix.File{Path: path, Format: fs[0].Format, Data: data}
	var cands []candidate
	var skips []skip
	for _, f := range fs {
		r := rule.Lookup(f.RuleID)
		if r == nil || r.Fixes[f.Format] == nil {
			continue
		}
		if f.Format != file.Format {
			file = &fix.File{Path: path, Format: f.Format, Data: data}
		}
		p := &rule.FixPass{Rule: r, Finding: f, File: file, Choices: choices}
		if err := run(r.Fixes[f.Format], p); err != nil {
			skips = append(skips, skip{skipOf(f, err.Error()), key(f)})
			continue
		}
		edits, why, notes, redact := p.Result()
		if why == "" && len(edits) == 0 {
			why = "the fix found nothing to change in the file"
		}
		if why != "" {
			skips = append(skips, skip{skipOf(f, why), key(f)})
			continue
		}
		cands = append(cands, candidate{f, edits, notes, redact})
	}
	// Take the candidates whose edits do not conflict with those taken;
	// the others are found again by the next round's scan.
	var taken []candidate
	var edits []fix.Edit
	for _, c := range cands {
		try := append(append([]fix.Edit(nil), edits...), c.edits...)
		if _, conflicts, err := fix.Apply(data, try); err != nil || len(conflicts) > 0 {
			continue
		}
		out, _, _ := fix.Apply(data, c.edits)
		if err := fix.CheckParses(c.f.Format, path, out); err != nil {
			skips = append(skips, skip{skipOf(c.f, "the fix would break the file ("+err.Error()+"); please report"), key(c.f)})
			continue
		}
		edits = try
		taken = append(taken, c)
	}
	if len(taken) == 0 {
		return nil, nil, skips
	}
	out, _, _ := fix.Apply(data, edits)
	if err := fix.CheckParses(file.Format, path, out); err != nil {
		// Each fix parsed alone: keep only the first.
		taken = taken[:1]
		out, _, _ = fix.Apply(data, taken[0].edits)
	}
	var changes []Change
	for _, c := range taken {
		changes = append(changes, Change{RuleID: c.f.RuleID, Resource: c.f.Resource, Line: c.f.Pos.Line, Message: c.f.Message, Notes: c.notes})
		ff.redact = append(ff.redact, c.redact...)
	}
	return out, changes, skips
}

// run calls a fix function; a panic is an error naming the rule.
func run(fn rule.FixFunc, p *rule.FixPass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in the fix of %s (please report): %v\n%s", p.Rule.ID, r, firstLines(string(debug.Stack()), 12))
		}
	}()
	fn(p)
	return nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// Write replaces the file at path with data atomically: a temporary file
// in the same directory, given the file's mode, renamed over it. A
// symbolic link is followed, so the file it points to is replaced.
func Write(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".shipshape-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	ok = true
	return nil
}
