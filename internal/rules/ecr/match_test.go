package ecr

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

// TestFilterMatches follows the filter table of the ECR user guide: a filter
// without "*" matches names containing it; "*" stands for zero or more
// characters.
func TestFilterMatches(t *testing.T) {
	names := []string{"prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo"}
	table := map[string][]bool{
		"prod":      {true, true, true, true, true},
		"*prod":     {true, true, false, false, false},
		"prod*":     {true, false, true, false, true},
		"*prod*":    {true, true, true, true, true},
		"prod*repo": {false, false, true, false, true},
	}
	known := func(s string) model.Str { return model.Str{V: s, P: model.Known} }
	for filter, want := range table {
		for i, name := range names {
			got := filterMatches(known(filter), known(name)) == covYes
			if got != want[i] {
				t.Errorf("filter %q on %q: %t, want %t", filter, name, got, want[i])
			}
		}
	}
	if got := filterMatches(known("*"), model.Str{}); got != covYes {
		t.Errorf(`"*" on a generated name: %v, want covYes`, got)
	}
	if got := filterMatches(known("prod*"), model.Str{}); got != covUnknown {
		t.Errorf(`"prod*" on a generated name: %v, want covUnknown`, got)
	}
	if got := filterMatches(model.Str{P: model.Unknown}, known("prod")); got != covUnknown {
		t.Errorf("unknown filter: %v, want covUnknown", got)
	}
}

func TestWildcardMatchActions(t *testing.T) {
	cases := []struct {
		pattern, action string
		want            bool
	}{
		{"Put*", "PutImage", true},
		{"put*", "PutImage", true},
		{"*Layer*", "UploadLayerPart", true},
		{"BatchGet*", "BatchDeleteImage", false},
		{"Get?ownloadUrlForLayer", "GetDownloadUrlForLayer", true},
		{"PutImage", "PutImageTagMutability", false},
	}
	for _, c := range cases {
		if got := wildcardMatch(c.pattern, c.action); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %t, want %t", c.pattern, c.action, got, c.want)
		}
	}
}
