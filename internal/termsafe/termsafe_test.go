package termsafe

import "testing"

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"plain/path.yaml":           "plain/path.yaml",
		"Repo\x1b[2J\x1b]0;OWNED\a": `Repo\x1b[2J\x1b]0;OWNED\a`,
		"a\r\nHIGH fake":            `a\r\nHIGH fake`,
		"tab\there":                 `tab\there`,
		"bidi\u202egnp.exe":         `bidi\u202egnp.exe`,
		"c1\u009b31m":               `c1\u009b31m`,
		"bad\xffbyte":               `bad\xffbyte`,
		"ünïcode ✓":                 "ünïcode ✓",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}
