package dockerfile

import (
	"strings"
	"testing"
)

// isOption answers as strings.HasPrefix(a, name+"=").
func TestIsOptionAsHasPrefix(t *testing.T) {
	words := []string{"", "=", "-y", "--yes", "--yes=", "--yes=1", "--ye=s", "--yesno", "-k", "-k=x", "purge", "purge=", "é=1", "x=é"}
	names := []string{"", "-y", "--yes", "-k", "purge", "é", "x"}
	for _, a := range words {
		for _, n := range names {
			if got, want := isOption(a, n), strings.HasPrefix(a, n+"="); got != want {
				t.Errorf("isOption(%q, %q) = %v, want %v", a, n, got, want)
			}
		}
	}
}
