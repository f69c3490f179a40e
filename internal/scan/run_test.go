package scan

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// TestDescribeVariants checks how a finding that holds in some of the
// states of a template is described: by a condition's value, by a
// parameter's value off its default ("when UseECR: Registry=ecr"), by the
// states without it ("unless ..."), else by the combinations.
func TestDescribeVariants(t *testing.T) {
	conds := [][]string{{"A=false", "B=false"}, {"A=true", "B=false"}, {"A=false", "B=true"}, {"A=true", "B=true"}}
	params := [][]string{{"the default Registry=crowdstrike"}, {"UseECR: Registry=ecr"}, {"HasCert: Cert other than \"\""}}
	tests := []struct {
		labels [][]string
		in     []int
		want   string
	}{
		{conds, []int{1, 3}, "when condition A=true"},
		{conds, []int{0, 1}, "when condition B=false"},
		{conds, []int{3}, "when conditions A=true and B=true"},
		{params, []int{1}, "when UseECR: Registry=ecr"},
		{params, []int{0}, "when the default Registry=crowdstrike"},
		{params, []int{0, 1}, "unless HasCert: Cert other than \"\""},
		// A parameter whose value is "true" is not a condition.
		{[][]string{{"the default P=no"}, {"C: P=true"}}, []int{1}, "when C: P=true"},
	}
	for _, tc := range tests {
		if got := describeVariants(tc.labels, tc.in); got != tc.want {
			t.Errorf("%q in %v: got %q, want %q", tc.labels, tc.in, got, tc.want)
		}
	}
}

// The rule index gives each format the rules applies gives it, in the
// same order; a format no rule names gets the rules that name none, and a
// state without a format every rule.
func TestRuleIndex(t *testing.T) {
	general := &rule.Rule{ID: "t/any"}
	df := &rule.Rule{ID: "t/df", Inputs: []model.Format{model.Dockerfile}}
	both := &rule.Rule{ID: "t/both", Inputs: []model.Format{model.Terraform, model.Dockerfile}}
	tf := &rule.Rule{ID: "t/tf", Inputs: []model.Format{model.Terraform}}
	rules := []*rule.Rule{df, general, both, tf}
	x := indexRules(rules)
	for _, f := range []model.Format{model.Dockerfile, model.Terraform, model.Kubernetes, ""} {
		var want []string
		for _, r := range rules {
			if applies(r, &model.State{Format: f}) {
				want = append(want, r.ID)
			}
		}
		var got []string
		for _, r := range x.of(f) {
			got = append(got, r.ID)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("format %q: rules %v, want %v", f, got, want)
		}
	}
}
