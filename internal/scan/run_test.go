package scan

import "testing"

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
