package scan

import (
	"fmt"
	"path/filepath"
	"strings"

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

// finish applies severity overrides, fingerprints, suppressions and the
// baseline, and sorts the findings.
func finish(result *Result, all []finding.Finding, comments []adapt.Comment, o *Options) {
	for i := range all {
		if s, ok := o.Config.Severity[all[i].RuleID]; ok {
			if v, err := finding.ParseSeverity(s); err == nil {
				all[i].Severity = v
			}
		}
	}
	sortFindings(all)
	counts := map[string]int{}
	for i := range all {
		all[i].ComputeFingerprint()
		counts[all[i].Fingerprint]++
		if n := counts[all[i].Fingerprint]; n > 1 {
			all[i].Fingerprint = fmt.Sprintf("%s-%d", all[i].Fingerprint, n)
		}
	}

	directives := map[string]map[int][]suppress.Directive{}
	var unjustified []finding.Finding
	if !o.NoInlineIgnores {
		for _, c := range comments {
			d, ok := suppress.Parse(c.Pos, c.Text)
			if !ok {
				continue
			}
			if d.NeedsReason() {
				unjustified = append(unjustified, finding.Finding{
					RuleID: UnjustifiedIgnoreID, Title: "Suppression without a reason", Severity: finding.Low, Phase: finding.PhaseImage,
					Message: fmt.Sprintf("shipshape:ignore %s has no reason, so it is not applied; write `-- why` after the rule IDs", strings.Join(d.IDs, ",")),
					Pos:     c.Pos,
				})
				continue
			}
			if directives[c.Pos.File] == nil {
				directives[c.Pos.File] = map[int][]suppress.Directive{}
			}
			directives[c.Pos.File][c.Pos.Line] = append(directives[c.Pos.File][c.Pos.Line], d)
		}
	}

	var counted, suppressed []finding.Finding
	for _, f := range all {
		r := rule.Lookup(f.RuleID)
		if s := suppression(f, r, directives, o); s != nil {
			f.Suppression = s
			suppressed = append(suppressed, f)
			continue
		}
		counted = append(counted, f)
	}
	for i := range unjustified {
		unjustified[i].ComputeFingerprint()
	}
	counted = append(counted, unjustified...)
	sortFindings(counted)
	result.Findings = counted
	result.Suppressed = suppressed
}

// suppression returns why f does not count, or nil.
func suppression(f finding.Finding, r *rule.Rule, directives map[string]map[int][]suppress.Directive, o *Options) *finding.Suppression {
	if r != nil {
		if lines := directives[f.Pos.File]; lines != nil {
			for _, l := range []int{f.Pos.Line, f.Pos.Line - 1, f.ResourceLine, f.ResourceLine - 1} {
				if l <= 0 {
					continue
				}
				for _, d := range lines[l] {
					if d.Covers(r) {
						return &finding.Suppression{Kind: d.Kind, Reason: d.Reason, Pos: d.Pos}
					}
				}
			}
		}
		if !o.NoInlineIgnores {
			for _, ig := range f.Ignores {
				if suppress.IgnoreCovers(ig, r) && (ig.Reason != "" || ig.Source != "metadata") {
					return &finding.Suppression{Kind: ig.Source, Reason: ig.Reason, Pos: ig.Pos}
				}
			}
		}
	}
	for _, ig := range o.Config.Ignore {
		if ig.Rule != f.RuleID {
			continue
		}
		if matchAny(ig.Paths, f.Pos.File) && (len(ig.Resources) == 0 || contains(ig.Resources, f.Resource)) {
			return &finding.Suppression{Kind: "config", Reason: ig.Reason, Pos: model.Pos{File: o.Config.Path}}
		}
	}
	if o.Baseline != nil && o.Baseline.Has(f) {
		return &finding.Suppression{Kind: "baseline", Reason: "in baseline"}
	}
	return nil
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
