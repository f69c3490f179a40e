package fold

import (
	"strings"
	"testing"
)

func TestContainsLower(t *testing.T) {
	for _, c := range []struct {
		s, sub string
	}{
		{"", ""}, {"", "a"}, {"a", ""}, {"ALLOW", "allow"}, {"APT::Get::AllowUnauthenticated", "allow"},
		{"alow", "allow"}, {"xxAlLoWyy", "allow"}, {"allo", "allow"}, {"API_KEY", "key"}, {"ÄPI_TOKEN", "token"},
		{"[Trusted=YES]", "[trusted=yes]"}, {"gpgcheck", "gpgcheck=0"}, {"\u212aEY", "key"}, {"api_\u212aey", "key"},
	} {
		want := strings.Contains(strings.ToLower(c.s), c.sub)
		if got := ContainsLower(c.s, c.sub); got != want {
			t.Errorf("ContainsLower(%q, %q) = %v, want %v", c.s, c.sub, got, want)
		}
	}
}
