package secrets

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shipshape/shipshape/internal/fuzzguard"
)

// FuzzDetect runs Value, Env and Mask on arbitrary names and values:
// nothing may panic, and Mask never shows the middle of a long value.
func FuzzDetect(f *testing.F) {
	for _, s := range [][2]string{
		{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
		{"DB_PASSWORD", "Xk29vLq!8"},
		{"GITHUB_TOKEN", "ghp_" + strings.Repeat("a1B2", 9)},
		{"DATABASE_URL", "postgres://app:s3cr3tPw@db.internal:5432/app"},
		{"KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA"},
		{"PASSWORD", "changeme"},
		{"API_KEY", "${API_KEY}"},
		{"SECRET", "秘密のパスワード"},
		{"LOG_LEVEL", "debug"},
		{"STRIPE", "sk_" + "live_" + strings.Repeat("Qa1", 10)},
		{"X", "mongodb+srv://user:pw@cluster0.example.net/db"},
		{"DSN", "MySecretPassword123://x"}, // once shown whole as a "scheme"
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		defer fuzzguard.Watch([]byte(name + value))()
		_, _ = Default.Value(value)
		_, _ = Default.Env(name, value)
		_ = Default.SecretName(name)
		out := Mask(value)
		if value != "" && out == "" {
			t.Fatalf("Mask(%q) is empty", value)
		}
		if utf8.ValidString(value) && !utf8.ValidString(out) {
			t.Fatalf("Mask(%q) = %q is not valid UTF-8", value, out)
		}
		// The private-key mask is a fixed text, which may well contain the
		// middle of a value that contains "PRIVATE KEY".
		if n := len(value); n > 12 && !strings.Contains(value, "*") && !strings.Contains(value, "PRIVATE KEY") {
			if mid := value[4 : n-4]; strings.Contains(out, mid) {
				t.Fatalf("Mask(%q) = %q shows the middle %q", value, out, mid)
			}
		}
	})
}
