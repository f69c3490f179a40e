package scan

import (
	"cmp"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/suppress"
)

// UnjustifiedIgnoreID is the ID under which a shipshape:ignore comment
// without a reason is reported.
const UnjustifiedIgnoreID = "shipshape/ignore-reason"

// finish reads the suppression comments, applies severity overrides,
// fingerprints, suppressions and the baseline, and sorts the findings.
func finish(result *Result, all []finding.Finding, comments []adapt.Comment, o *Options) {
	directives, unjustified, diags := readDirectives(comments, o)
	all = append(all, unjustified...)
	result.Diagnostics = append(result.Diagnostics, diags...)
	for i := range all {
		if s, ok := o.Config.Severity[all[i].RuleID]; ok {
			if v, err := finding.ParseSeverity(s); err == nil {
				all[i].Severity = v
			}
		}
	}
	sortFindings(all)
	for i := range all {
		all[i].ComputeFingerprint()
	}
	numberDuplicates(all)
	counted := all[:0] // filtered in place: all is not used after
	var suppressed []finding.Finding
	used := map[*suppress.Directive]bool{}
	renamed := map[string]bool{}
	for _, f := range all {
		if s := suppression(f, rule.Lookup(f.RuleID), directives, used, renamed, o); s != nil {
			f.Suppression = s
			suppressed = append(suppressed, f)
			continue
		}
		counted = append(counted, f)
	}
	if len(counted) == 0 {
		counted = nil // as before: a report without findings
	}
	result.Diagnostics = append(result.Diagnostics, unusedDirectives(directives, used, o)...)
	result.Diagnostics = append(result.Diagnostics, renamedNotices(renamed)...)
	result.Findings = counted
	result.Suppressed = suppressed
}

// numberDuplicates makes fingerprints unique: the second and later
// findings (in order) with one fingerprint get "-2", "-3"... It sorts
// indices rather than counting in a map of every fingerprint, which would
// weigh as much as the findings' messages.
func numberDuplicates(all []finding.Finding) {
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { // stable: equal fingerprints stay in order
		if c := strings.Compare(all[a].Fingerprint, all[b].Fingerprint); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && all[idx[j]].Fingerprint == all[idx[i]].Fingerprint {
			j++
		}
		for k := i + 1; k < j; k++ {
			all[idx[k]].Fingerprint = fmt.Sprintf("%s-%d", all[idx[i]].Fingerprint, k-i+1)
		}
		i = j
	}
}

// readDirectives indexes the suppression comments by file and line, reports
// shipshape:ignore comments without a reason (which are void) when that rule
// is enabled, and warns about shipshape:ignore comments naming no rule (a
// typo would otherwise suppress nothing, silently).
func readDirectives(comments []adapt.Comment, o *Options) (map[string]map[int][]suppress.Directive, []finding.Finding, []finding.Diagnostic) {
	directives := map[string]map[int][]suppress.Directive{}
	if o.NoInlineIgnores {
		return directives, nil, nil
	}
	var diags []finding.Diagnostic
	var reasonRule *rule.Rule
	for _, r := range o.Rules {
		if r.ID == UnjustifiedIgnoreID {
			reasonRule = r
		}
	}
	var unjustified []finding.Finding
	// A module's file read by several root modules that call it gives its
	// comments once per root: each counts once.
	seen := map[adapt.Comment]bool{}
	for _, c := range comments {
		if seen[c] {
			continue
		}
		seen[c] = true
		d, ok := suppress.Parse(c.Pos, c.Text)
		if !ok {
			continue
		}
		if d.Kind == suppress.KindInline && len(d.IDs) == 0 {
			diags = append(diags, finding.Diagnostic{Pos: c.Pos, Level: finding.LevelWarning,
				Message: "shipshape:ignore names no rule, so it suppresses nothing; write the rule IDs after it"})
			continue
		}
		if d.NeedsReason() {
			if reasonRule != nil {
				unjustified = append(unjustified, finding.Finding{
					RuleInfo: reasonRule.Info(), Subject: &finding.Subject{ResourceLine: c.Pos.Line},
					RuleID: reasonRule.ID, Severity: reasonRule.Severity,
					Message: fmt.Sprintf("shipshape:ignore %s has no reason, so it is not applied; write \"-- why\" after the rule IDs", strings.Join(d.IDs, ",")),
					Pos:     c.Pos,
				})
			}
			continue
		}
		if now := scanTime(o); d.Expired(now) {
			diags = append(diags, finding.Diagnostic{Pos: c.Pos, Level: finding.LevelNotice, Kind: "expired suppressions (not applied)",
				Message: fmt.Sprintf("%s:ignore:%s expired on %s, so it is not applied", d.Kind, strings.Join(d.IDs, ","), d.Until.Format(time.DateOnly))})
			continue
		}
		if d.Kind == suppress.KindInline {
			for _, id := range d.IDs {
				if rule.Lookup(id) == nil {
					diags = append(diags, finding.Diagnostic{Pos: c.Pos, Level: finding.LevelWarning,
						Message: fmt.Sprintf("shipshape:ignore names %q, which is no rule, so it suppresses nothing (see shipshape rules)", id)})
				}
			}
		}
		if directives[c.Pos.File] == nil {
			directives[c.Pos.File] = map[int][]suppress.Directive{}
		}
		directives[c.Pos.File][c.Pos.Line] = append(directives[c.Pos.File][c.Pos.Line], d)
	}
	return directives, unjustified, diags
}

// unusedDirectives notes shipshape:ignore comments that suppressed nothing:
// the finding they were written for is gone (or never was on that line),
// and a stale suppression would hide the next one. Only rules that ran are
// judged.
func unusedDirectives(directives map[string]map[int][]suppress.Directive, used map[*suppress.Directive]bool, o *Options) []finding.Diagnostic {
	ran := map[string]bool{}
	for _, r := range o.Rules {
		ran[r.ID] = true
	}
	var out []finding.Diagnostic
	for _, lines := range directives {
		for _, ds := range lines {
			for i := range ds {
				d := &ds[i]
				if d.Kind != suppress.KindInline || used[d] {
					continue
				}
				var ids []string
				for _, id := range d.IDs {
					if ran[id] {
						ids = append(ids, id)
					}
				}
				if len(ids) > 0 {
					out = append(out, finding.Diagnostic{Pos: d.Pos, Level: finding.LevelNotice, Kind: "shipshape:ignore comments that suppress no finding",
						Message: fmt.Sprintf("shipshape:ignore %s suppresses no finding on this line or the next; remove it if the finding is gone", strings.Join(ids, ","))})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pos.File != out[j].Pos.File {
			return out[i].Pos.File < out[j].Pos.File
		}
		return out[i].Pos.Line < out[j].Pos.Line
	})
	return out
}

// scanTime is the scan's clock (the rules' settings carry it for tests).
func scanTime(o *Options) time.Time {
	if o.Settings != nil && !o.Settings.Now.IsZero() {
		return o.Settings.Now
	}
	return time.Now()
}

// suppression returns why f does not count, or nil; a comment that
// suppresses it is marked in used.
func suppression(f finding.Finding, r *rule.Rule, directives map[string]map[int][]suppress.Directive, used map[*suppress.Directive]bool, renamed map[string]bool, o *Options) *finding.Suppression {
	if r != nil {
		if sup := commentSuppression(f, r, directives, used, renamed); sup != nil {
			return sup
		}
		if !o.NoInlineIgnores {
			for _, ig := range f.Ignores {
				if suppress.IgnoreCoversFinding(ig, r, f.Peers) && (ig.Reason != "" || ig.Source != "metadata") {
					return &finding.Suppression{Kind: ig.Source, Reason: ig.Reason, Pos: ig.Pos}
				}
			}
		}
	}
	for _, ig := range o.Config.Ignore {
		if ig.Rule != f.RuleID && (r == nil || !contains(r.Former, ig.Rule)) {
			continue
		}
		if (matchAny(ig.Paths, f.Pos.File) || relatedIn(ig.Paths, f)) && (len(ig.Resources) == 0 || contains(ig.Resources, f.Resource) || liveName(ig.Resources, f)) && (len(ig.Images) == 0 || matchImage(ig.Images, f)) {
			if ig.Rule != f.RuleID {
				renamed[renameKey(o.Config.Path, ig.Rule, f.RuleID)] = true
			}
			return &finding.Suppression{Kind: "config", Reason: ig.Reason, Pos: model.Pos{File: o.Config.Path}}
		}
	}
	if o.Baseline != nil && o.Baseline.Has(f) {
		return &finding.Suppression{Kind: "baseline", Reason: "in baseline"}
	}
	if o.Baseline != nil && (f.Instance != "" || len(f.Related) > 0) {
		// A baseline written before messages named module instances, or
		// before the finding was placed where the module's caller wrote
		// the value (it was then in the file of the module's line).
		for _, g := range formerFindings(f) {
			g.ComputeFingerprint()
			if o.Baseline.Has(g) {
				renamed[renameKey("", legacyInstance, legacyInstance)] = true
				return &finding.Suppression{Kind: "baseline", Reason: "in baseline (by its former fingerprint)"}
			}
		}
	}
	if o.Baseline != nil && r != nil {
		for _, old := range r.Former {
			g := f
			g.RuleID = old
			g.ComputeFingerprint()
			if o.Baseline.Has(g) {
				renamed[renameKey("", old, f.RuleID)] = true
				return &finding.Suppression{Kind: "baseline", Reason: "in baseline (as " + old + ")"}
			}
		}
	}
	return nil
}

// formerFindings are f as earlier versions reported it: without the
// instance its message now names, in the file of the module's line that
// uses the value (before findings were placed on the caller's line).
func formerFindings(f finding.Finding) []finding.Finding {
	var out []finding.Finding
	if f.Instance != "" {
		g := f
		g.Message = strings.TrimSuffix(f.Message, f.Instance)
		out = append(out, g)
	}
	if len(f.Related) > 0 && f.Related[0].File != f.Pos.File {
		for _, g := range append([]finding.Finding{f}, out...) {
			g.Pos.File = f.Related[0].File
			out = append(out, g)
		}
	}
	return out
}

// relatedIn reports whether a related location of f (the module's line
// that uses a value its caller wrote) is in one of paths: an ignore of a
// module's folder keeps covering the findings of its resources.
func relatedIn(paths []string, f finding.Finding) bool {
	if len(paths) == 0 {
		return false
	}
	for _, r := range f.Related {
		if matchAny(paths, r.File) {
			return true
		}
	}
	return false
}

// commentSuppression returns the suppression of f by a comment directive,
// marking the directive used, or nil.
func commentSuppression(f finding.Finding, r *rule.Rule, directives map[string]map[int][]suppress.Directive, used map[*suppress.Directive]bool, renamed map[string]bool) *finding.Suppression {
	if len(directives) == 0 {
		return nil // no suppression comment in the scan (as often): no lines to look at
	}
	var buf [6]model.Pos // room for the usual lines, without allocating
	var lines map[int][]suppress.Directive
	lastFile, looked := "", false
	for _, at := range directiveLines(f, buf[:0]) {
		if !looked || at.File != lastFile {
			// the lines are mostly of one file: looked up once
			lines, lastFile, looked = directives[at.File], at.File, true
		}
		for k := range lines[at.Line] {
			if d := &lines[at.Line][k]; d.CoversFinding(r, f.Peers) {
				used[d] = true
				if old := d.FormerID(r); old != "" {
					renamed[renameKey(d.Pos.File, old, r.ID)] = true
				}
				return &finding.Suppression{Kind: d.Kind, Reason: d.Reason, Pos: d.Pos}
			}
		}
	}
	return nil
}

// directiveLines are the lines where a comment suppresses f: on or above
// the finding's line and its resource's, and on or above the related lines
// (a module's line that uses a value its caller wrote, where the resource
// is declared), appended to out.
func directiveLines(f finding.Finding, out []model.Pos) []model.Pos {
	resFile := f.Pos.File
	add := func(file string, line int) {
		if line > 0 {
			out = append(out, model.Pos{File: file, Line: line})
		}
		if line > 1 {
			out = append(out, model.Pos{File: file, Line: line - 1})
		}
	}
	add(f.Pos.File, f.Pos.Line)
	for _, r := range f.Related {
		add(r.File, r.Line)
		resFile = r.File
	}
	add(resFile, f.ResourceLine)
	return out
}

// legacyInstance marks, among renamed suppressions, baseline entries that
// matched a module instance's finding by its former fingerprint.
const legacyInstance = "(module instances)"

// renameKey records that a suppression in file (the baseline when empty)
// named a finding by its former rule ID.
func renameKey(file, old, now string) string { return file + "\x00" + old + "\x00" + now }

// renamedNotices say which suppressions name findings by a former rule ID,
// one notice per file and rename.
func renamedNotices(renamed map[string]bool) []finding.Diagnostic {
	keys := make([]string, 0, len(renamed))
	for k := range renamed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []finding.Diagnostic
	for _, k := range keys {
		parts := strings.Split(k, "\x00")
		file, old, now := parts[0], parts[1], parts[2]
		msg := fmt.Sprintf("a suppression names %s for findings now reported as %s; it still applies, but write %s", old, now, now)
		kind := "suppressions naming a renamed rule (still applied)"
		switch {
		case old == legacyInstance:
			kind = "baseline entries matched by former fingerprints (still applied)"
			msg = "the baseline records findings of Terraform module instances by their former fingerprints (before messages named the instance and root module); they are still accepted, but rewrite the baseline with --write-baseline"
		case file == "":
			msg = fmt.Sprintf("the baseline records as %s findings now reported as %s; they are still accepted, but rewrite the baseline with --write-baseline", old, now)
		}
		out = append(out, finding.Diagnostic{Pos: model.Pos{File: file}, Level: finding.LevelNotice, Kind: kind, Message: msg})
	}
	return out
}

// matchImage reports whether a finding on a built image is covered by one
// of the patterns: the reference as given (with * globs), or the image's
// digest (the finding's resource), whole or by a prefix of 12 hex digits
// or more.
func matchImage(patterns []string, f finding.Finding) bool {
	if f.Format != model.Image {
		return false
	}
	for _, p := range patterns {
		if ok, _ := path.Match(p, f.Pos.File); ok || p == f.Pos.File {
			return true
		}
		if strings.HasPrefix(p, "sha256:") && len(p) >= len("sha256:")+12 && (strings.HasPrefix(f.Resource, p) || strings.HasPrefix(p, f.Resource)) && len(f.Resource) >= len("sha256:")+12 {
			return true
		}
	}
	return false
}

func matchAny(patterns []string, file string) bool {
	if len(patterns) == 0 {
		return true
	}
	parts := strings.Split(filepath.ToSlash(file), "/")
	var ps []gitignore.Pattern
	for _, p := range patterns {
		ps = append(ps, gitignore.ParsePattern(p, nil))
	}
	return gitignore.NewMatcher(ps).Match(parts, false)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// liveName reports whether a live finding's resource is named in list by
// its ARN or short name.
func liveName(list []string, f finding.Finding) bool {
	return f.Live != nil && ((f.Live.ARN != "" && contains(list, f.Live.ARN)) || (f.Live.Name != "" && contains(list, f.Live.Name)))
}
