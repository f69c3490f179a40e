package secrets

import (
	"strings"
	"testing"
)

func TestMaskCommand(t *testing.T) {
	d, _ := New(nil, nil, nil)
	for cmd, want := range map[string]string{
		"mysql -uroot -pS3cr3tPassw0rd! -h db":               "mysql -uroot -p******** -h db",
		"mysql -u root -p appdb":                             "mysql -u root -p appdb", // -p alone prompts; appdb is the database
		"psql --password=Xk29fj3kLQ0pzQ -h db":               "psql --password=******** -h db",
		"vault login --token hvs.CAESIJ0123456789abcdefgh":   "vault login --token ********",
		"tool --api-key Xk29fj3kLQ0pzQ --verbose":            "tool --api-key ******** --verbose",
		"tool --password-file /run/secrets/pw":               "tool --password-file /run/secrets/pw",
		"tool --token-ttl 3600 --no-password":                "tool --token-ttl 3600 --no-password",
		"curl -u admin:Xk29fj3kLQ0pzQ https://example.com":   "curl -u admin:******** https://example.com",
		"curl --user=admin:Xk29fj3kLQ0pzQ https://x.example": "curl --user=admin:******** https://x.example",
		"docker run -u 1000:1000 app":                        "docker run -u 1000:1000 app",
		"env DB_PASSWORD=Xk29fj3kLQ0pzQ ./run":               "env DB_PASSWORD=******** ./run",
		"echo AKIAIOSFODNN7EXAMPLE":                          "echo AKIA********",
		"tool --password changeme":                           "tool --password changeme", // a placeholder
		"/bin/sh":                                            "/bin/sh",
	} {
		words, changed := d.MaskCommand(strings.Fields(cmd))
		if got := strings.Join(words, " "); got != want || changed != (got != cmd) {
			t.Errorf("MaskCommand(%q) = %q, %t; want %q", cmd, got, changed, want)
		}
	}
}

// TestOptionSecretsUnknown: a value with a part that is not literal (a
// shell variable, shell.Unknown) is no secret.
func TestOptionSecretsUnknown(t *testing.T) {
	d, _ := New(nil, nil, nil)
	for _, words := range [][]string{
		{"tool", "--password", "\x00"},
		{"tool", "--password=pre\x00"},
		{"mysql", "-p\x00"},
		{"curl", "-u", "admin:\x00"},
	} {
		d.OptionSecrets(words, func(i int, keep, secret string) {
			t.Errorf("%q: secret %q in word %d", words, secret, i)
		})
	}
}
