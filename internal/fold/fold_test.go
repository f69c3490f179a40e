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
		{"ke\u212a", "kek"}, {"KEK\u212a", "kek"}, {"a\u212a", "ak"}, {"allow\u00e9", "allow"}, {"\u00e9allow", "allow"},
		{"caf\u00c9", "caf\u00e9"}, {"xALLOw", "allow"}, {"allo", ""}, {"al", "allow"}, {"ALLOWALLOW", "wall"},
	} {
		want := strings.Contains(strings.ToLower(c.s), c.sub)
		if got := ContainsLower(c.s, c.sub); got != want {
			t.Errorf("ContainsLower(%q, %q) = %v, want %v", c.s, c.sub, got, want)
		}
	}
}
