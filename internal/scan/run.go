package scan

import (
	"fmt"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// runRules runs every rule on the states. States of one scope built under
// different assumptions (template conditions that could not be evaluated)
// are run one by one and their findings merged: a finding present under
// every assumption is reported plainly, one present under some is reported
// with the condition values it needs.
// The findings are appended to out.
func runRules(rules *ruleIndex, states []*model.State, settings *rule.Settings, out []finding.Finding) ([]finding.Finding, []finding.Diagnostic) {
	var diags []finding.Diagnostic
	for i := 0; i < len(states); {
		j := i + 1
		for j < len(states) && states[i].Variant != "" && states[j].Scope == states[i].Scope && states[j].Variant != "" {
			j++
		}
		group := states[i:j]
		if len(group) == 1 {
			out, diags = checkState(rules, group[0], settings, out, diags)
			i = j
			continue
		}
		perVariant := make([][]finding.Finding, len(group))
		for k, st := range group {
			perVariant[k], diags = checkState(rules, st, settings, nil, diags)
		}
		out = append(out, mergeVariants(group, perVariant)...)
		i = j
	}
	return out, diags
}

// checkState runs the rules on one state, appending its findings to fs.
func checkState(rules *ruleIndex, st *model.State, settings *rule.Settings, fs []finding.Finding, diags []finding.Diagnostic) ([]finding.Finding, []finding.Diagnostic) {
	report := func(f finding.Finding) { fs = append(fs, f) }
	// One pass serves every rule, so a resource's findings share its
	// Subject (the pass makes its Subjects on the first finding).
	p := rule.NewPass(nil, st, settings, report)
	for _, r := range rules.of(st.Format) {
		func() {
			defer func() {
				if v := recover(); v != nil {
					diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: st.Scope}, Level: finding.LevelError,
						Message: fmt.Sprintf("internal error in rule %s (please report): %v", r.ID, v)})
				}
			}()
			p.Reset(r)
			r.Check(p)
		}()
	}
	return fs, diags
}

// applies reports whether rule r can find anything in state st: a rule
// reads only the formats its Inputs name (a Dockerfile rule finds nothing in
// a task definition), and a rule or state that names none is always run.
// Skipping the others saves most of the rule time of a Dockerfile scan,
// which is mostly rules looking for resources a Dockerfile has none of.
// The rule fixtures (a finding they expect would be missing) and
// ruletest.CheckResult (which runs every rule on every state) keep each
// rule's Inputs complete.
func applies(r *rule.Rule, st *model.State) bool {
	return len(r.Inputs) == 0 || st.Format == "" || r.Supports(st.Format)
}

// ruleIndex holds the rules of a scan and, by state format, those that
// apply, in the same order: worked out once per scan rather than once per
// rule and file.
type ruleIndex struct {
	all      []*rule.Rule
	byFormat map[model.Format][]*rule.Rule
	// general are the rules that name no input, run on every format.
	general []*rule.Rule
}

func indexRules(rules []*rule.Rule) *ruleIndex {
	x := &ruleIndex{all: rules, byFormat: map[model.Format][]*rule.Rule{}}
	for _, r := range rules {
		if len(r.Inputs) == 0 {
			x.general = append(x.general, r)
		}
		for _, f := range r.Inputs {
			x.byFormat[f] = nil // filled below, in the rules' order
		}
	}
	for f := range x.byFormat {
		st := &model.State{Format: f}
		for _, r := range rules {
			if applies(r, st) {
				x.byFormat[f] = append(x.byFormat[f], r)
			}
		}
	}
	return x
}

// of returns the rules that apply to a state of format f.
func (x *ruleIndex) of(f model.Format) []*rule.Rule {
	if f == "" {
		return x.all
	}
	if rs, ok := x.byFormat[f]; ok {
		return rs
	}
	return x.general
}

// findingKey identifies a finding across the states of one template.
type findingKey struct {
	rule, file, resource, message string
	line                          int
}

func keyOf(f *finding.Finding) findingKey {
	return findingKey{rule: f.RuleID, file: f.Pos.File, resource: f.Resource, message: f.Message, line: f.Pos.Line}
}

func mergeVariants(group []*model.State, perVariant [][]finding.Finding) []finding.Finding {
	type seen struct {
		f        finding.Finding
		variants []int
	}
	index := map[findingKey]*seen{}
	var order []findingKey
	for v, fs := range perVariant {
		for i := range fs {
			k := keyOf(&fs[i])
			s, ok := index[k]
			if !ok {
				s = &seen{f: fs[i]}
				index[k] = s
				order = append(order, k)
			}
			if len(s.variants) == 0 || s.variants[len(s.variants)-1] != v {
				s.variants = append(s.variants, v)
			}
		}
	}
	labels := make([][]string, len(group))
	for i, st := range group {
		labels[i] = strings.Split(st.Variant, ", ")
	}
	var out []finding.Finding
	for _, k := range order {
		s := index[k]
		if len(s.variants) < len(group) {
			s.f.Condition = describeVariants(labels, s.variants)
		}
		out = append(out, s.f)
	}
	return out
}

// oneLabel finds a label element that the states holding a finding (in,
// or those without it when !in) have, and no other state has.
func oneLabel(labels [][]string, inSet map[int]bool, in bool) (string, bool) {
	for c := range labels[0] {
		for _, l := range labels {
			if c >= len(l) {
				continue
			}
			want := l[c]
			match := true
			for v := range labels {
				if (c < len(labels[v]) && labels[v][c] == want) != (inSet[v] == in) {
					match = false
					break
				}
			}
			if match {
				return want, true
			}
		}
	}
	return "", false
}

// describeVariants names the condition values under which a finding holds:
// a single "Cond=value" when that explains the set exactly, else the
// combinations.
func describeVariants(labels [][]string, in []int) string {
	if !strings.Contains(labels[0][0], "=") {
		// Not condition values: ways of building (a Dockerfile built by
		// Compose services with different targets).
		var parts []string
		for _, v := range in {
			parts = append(parts, strings.Join(labels[v], ", "))
		}
		return "when " + strings.Join(parts, ", or ")
	}
	inSet := map[int]bool{}
	for _, v := range in {
		inSet[v] = true
	}
	// One value at one position explains the set: a condition's value
	// (Cond=true), or a parameter's value that the state was built with
	// (UseECR: Registry=ecr); or, for a parameter's value, the states
	// without the finding (unless UseECR: Registry=ecr).
	if want, ok := oneLabel(labels, inSet, true); ok {
		if !strings.Contains(want, ": ") && (strings.HasSuffix(want, "=true") || strings.HasSuffix(want, "=false")) {
			return "when condition " + want
		}
		return "when " + want
	}
	if want, ok := oneLabel(labels, inSet, false); ok && strings.Contains(want, ": ") {
		return "unless " + want
	}
	var parts []string
	for _, v := range in {
		parts = append(parts, strings.Join(labels[v], " and "))
	}
	return "when conditions " + strings.Join(parts, ", or ")
}
