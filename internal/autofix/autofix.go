// Package autofix is `shipshape fix`: one more consumer of findings. It
// scans, hands every fixable finding to its rule's fix function, applies the
// edits with package fix, checks that each changed file still parses, and
// scans again, for a few rounds, until nothing more can be fixed. Files are
// changed in memory (as a scan overlay); the caller prints a diff or writes
// them.
package autofix

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
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

// File is a file fix changed, or whose findings were fixed by changing
// other files (Before and After are then equal).
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
		read := func(path string) ([]byte, error) {
			if data, ok := overlay[path]; ok {
				return data, nil
			}
			return os.ReadFile(path)
		}
		outs, changes, skips := fixRound(paths, pending, read, &o.Choices)
		for _, s := range skips {
			skipped[s.key] = true
			res.Skipped = append(res.Skipped, s.Skip)
		}
		for _, path := range slices.Sorted(maps.Keys(outs)) {
			ff := files[path]
			if ff == nil {
				before, _ := read(path)
				ff = &File{Path: path, Format: formatOf(path, pending), Before: before}
				files[path] = ff
			}
			overlay[path] = outs[path]
			ff.After = outs[path]
		}
		for _, c := range changes {
			ff := files[c.path]
			if ff == nil { // the fix changed only other files
				before, _ := read(c.path)
				ff = &File{Path: c.path, Format: formatOf(c.path, pending), Before: before, After: before}
				files[c.path] = ff
			}
			ff.Changes = append(ff.Changes, c.Change)
			ff.redact = append(ff.redact, c.redact...)
		}
		if len(outs) == 0 {
			break
		}
	}
	for _, f := range files {
		if string(f.Before) != string(f.After) || len(f.Changes) > 0 {
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
	f     finding.Finding
	path  string
	edits map[string][]fix.Edit // by file
	notes []string
	// redact lists text the fix removes that must never be printed.
	redact []string
}

// change is a Change made in the file path, with what its diffs mask.
type change struct {
	Change
	path   string
	redact []string
}

// fixRound runs the fix functions of every pending finding and applies the
// edits that do not conflict, in every file they touch (a fix may change
// another file: the variables.tf holding a Terraform variable's default).
// It returns the new text of each changed file, the changes made, and the
// findings skipped; findings whose edits conflict are left for the next
// round.
func fixRound(paths []string, pending map[string][]finding.Finding, read func(string) ([]byte, error), choices *fix.Choices) (map[string][]byte, []change, []skip) {
	var cands []candidate
	var skips []skip
	texts := map[string][]byte{}
	text := func(path string) ([]byte, error) {
		if d, ok := texts[path]; ok {
			return d, nil
		}
		d, err := read(path)
		if err == nil {
			texts[path] = d
		}
		return d, err
	}
	for _, path := range paths {
		data, err := text(path)
		if err != nil {
			for _, f := range pending[path] {
				skips = append(skips, skip{skipOf(f, "cannot read the file: "+err.Error()), key(f)})
			}
			continue
		}
		files := map[model.Format]*fix.File{}
		for _, f := range pending[path] {
			r := rule.Lookup(f.RuleID)
			if r == nil || r.Fixes[f.Format] == nil {
				continue
			}
			file := files[f.Format]
			if file == nil {
				file = &fix.File{Path: path, Format: f.Format, Data: data, Read: text}
				files[f.Format] = file
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
			byFile := map[string][]fix.Edit{}
			for _, e := range edits {
				target := e.File
				if target == "" {
					target = path
				}
				e.File = ""
				byFile[target] = append(byFile[target], e)
			}
			cands = append(cands, candidate{f, path, byFile, notes, redact})
		}
	}
	// Take the candidates whose edits do not conflict with those taken and
	// leave every file they touch parsing; the others are found again by
	// the next round's scan.
	taken := map[string][]fix.Edit{}
	var changes []change
	apply := func(c candidate, with map[string][]fix.Edit) (map[string][]byte, error) {
		outs := map[string][]byte{}
		for fp, es := range c.edits {
			data, err := text(fp)
			if err != nil {
				return nil, fmt.Errorf("cannot read %s: %v", fp, err)
			}
			all := append(append([]fix.Edit(nil), with[fp]...), es...)
			out, conflicts, err := fix.Apply(data, all)
			if err != nil {
				return nil, err
			}
			if len(conflicts) > 0 {
				return nil, errConflict
			}
			if err := fix.CheckParses(formatOfFile(fp, c), fp, out); err != nil {
				return nil, fmt.Errorf("the fix would break %s (%v); please report", fp, err)
			}
			outs[fp] = out
		}
		return outs, nil
	}
	for _, c := range cands {
		if _, err := apply(c, nil); err != nil {
			if err != errConflict {
				skips = append(skips, skip{skipOf(c.f, err.Error()), key(c.f)})
			}
			continue
		}
		if _, err := apply(c, taken); err != nil {
			continue // with the others taken: next round
		}
		notes := c.notes
		for _, fp := range slices.Sorted(maps.Keys(c.edits)) {
			taken[fp] = append(taken[fp], c.edits[fp]...)
			if fp != c.path {
				notes = append([]string{"changed in " + fp + ", where the value is set"}, notes...)
			}
		}
		changes = append(changes, change{Change{RuleID: c.f.RuleID, Resource: c.f.Resource, Line: c.f.Pos.Line, Message: c.f.Message, Notes: notes}, c.path, c.redact})
	}
	outs := map[string][]byte{}
	for fp, es := range taken {
		data, _ := text(fp)
		out, _, _ := fix.Apply(data, es)
		outs[fp] = out
	}
	return outs, changes, skips
}

// errConflict is a candidate whose edits overlap others.
var errConflict = errors.New("the edits overlap")

// formatOfFile is the format of a file a candidate edits: the finding's
// own, or for another file the format its name says.
func formatOfFile(path string, c candidate) model.Format {
	if path == c.path {
		return c.f.Format
	}
	return formatOf(path, nil)
}

// formatOf is the format of a file fixed: that of its findings, or for a
// file only edited on behalf of another's (a Terraform variables file) the
// format its name says.
func formatOf(path string, pending map[string][]finding.Finding) model.Format {
	if fs := pending[path]; len(fs) > 0 {
		return fs[0].Format
	}
	if strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars") || strings.HasSuffix(path, ".tf.json") || strings.HasSuffix(path, ".tfvars.json") {
		return model.Terraform
	}
	return model.CloudFormation
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
