package secrets

import (
	"strings"
	"testing"
)

// TestEnvPlaceholders checks that stand-in values do not count as secrets
// while real-looking literal values do. Token-shaped values are assembled at
// run time so the repository holds nothing that looks like a credential.
func TestEnvPlaceholders(t *testing.T) {
	notSecret := []struct{ name, value string }{
		{"GOOGLE_API_KEY", "GOOGLE_API_KEY_VAL"},
		{"API_KEY", "api-key-value"},
		{"DB_PASSWORD", "db-pass"},
		{"DB_PASSWORD", "db_password_value"},
		{"SLACK_TOKEN", "MY_SLACK_TOKEN"},
		{"CLIENT_SECRET", "<client-secret>"},
		{"CLIENT_SECRET", "key-<your-secret>-here"},
		{"API_TOKEN", "xxxxxxxxxxxx"},
		{"API_TOKEN", "XXXX-XXXX-1234"},
		{"API_TOKEN", "abcXXXdef123"},
		{"DB_PASSWORD", "${DB_PASSWORD}"},
		{"DB_PASSWORD", "$(DB_PASSWORD)"},
		{"DB_PASSWORD", "{{ .Values.db.password }}"},
		{"DB_PASSWORD", "#{db_password}"},
		{"DB_PASSWORD", "%{db_password}"},
		{"DB_PASSWORD", "TODO-set-me"},
		{"DB_PASSWORD", "dummy-pass-123"},
		{"DB_PASSWORD", "example123!"},
		{"DB_PASSWORD", "changeme123"},
		{"DB_PASSWORD", "ChangeIt!2024"},
		{"DB_PASSWORD", "password"},
		{"DB_PASSWORD", "fixme-later"},
		{"DB_PASSWORD", "arn:aws:ssm:eu-west-1:123456789012:parameter/db"},
		{"SECRET_KEY_FILE", "/run/secrets/key"},
		{"PASSWORD", "12345678"},
	}
	for _, c := range notSecret {
		if m, ok := Default.Env(c.name, c.value); ok {
			t.Errorf("Env(%q, %q) = %s, want no secret", c.name, c.value, m.Kind)
		}
	}
	secret := []struct{ name, value string }{
		{"DB_PASSWORD", "hunter2-Qx9!"},
		{"PASSWORD", "password123"},
		{"SECRET", "supersecret"},
		{"MYSQL_ROOT_PASSWORD", "supersecret"},
		{"SECRET_KEY_BASE", strings.Repeat("3f9a1c", 10)},
		{"ADMIN_PASSWORD", "8DViDtrAQ18G/8jJ"},
		{"GOOGLE_API_KEY", "AIza" + strings.Repeat("Sy0", 11) + "xy"},
		{"SMTP_USER", "AKIA" + "ABCDEFGH" + "23456789"},
		{"DATABASE_URL", "postgres://app:s3cr3tPw@db.internal:5432/app"},
	}
	for _, c := range secret {
		if _, ok := Default.Env(c.name, c.value); !ok {
			t.Errorf("Env(%q, %q): no secret, want one", c.name, c.value)
		}
	}
}

// TestMask checks that masking keeps only a kind prefix or a scheme.
func TestMask(t *testing.T) {
	aws := "AKIA" + "ABCDEFGH" + "23456789"
	cases := []struct{ in, want string }{
		{"", ""},
		{"supersecret", "********"},
		{"8DViDtrAQ18GaUr/8jJIprOj", "********"},
		{aws, "AKIA********"},
		{"gh" + "p_" + strings.Repeat("aB3", 12), "ghp_********"},
		{"sk_" + "live_" + strings.Repeat("Qa1", 10), "sk_l********"},
		{"postgres://app:s3cr3tPw@db.internal:5432/app", "postgres://********"},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE", "-----BEGIN PRIVATE KEY----- [masked]"},
		{"AKIA", "********"},
	}
	for _, c := range cases {
		if got := Mask(c.in); got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
