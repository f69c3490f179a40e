package secrets

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValue(t *testing.T) {
	tests := []struct {
		value string
		kind  string // "" when nothing is found
	}{
		{"AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"},
		{"key=ASIAY34FZKBOKMUTVV7A;", "an AWS access key ID"},
		{"AKIAIOSFODNN7EXAMPL", ""}, // one character short
		{"akiaiosfodnn7example", ""},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "a private key"},
		{"-----BEGIN OPENSSH PRIVATE KEY-----", "a private key"},
		{"-----BEGIN PUBLIC KEY-----", ""},
		{"ghp_" + strings.Repeat("a1B2", 9), "a GitHub token"},
		{"github_pat_" + strings.Repeat("x9_Y", 16), "a GitHub token"},
		{"ghp_short", ""},
		{"glpat-" + strings.Repeat("Ab1-", 5), "a GitLab token"},
		{"xoxb-1234567890-abcdefghij", "a Slack token"},
		{"sk_live_" + strings.Repeat("Zz9", 8), "a Stripe secret key"},
		{"sk_test_" + strings.Repeat("Zz9", 8), ""},
		{"AIza" + strings.Repeat("Sy1_", 8) + "abc", "a Google API key"},
		{"npm_" + strings.Repeat("N0pq", 9), "an npm token"},
		{"SG." + strings.Repeat("a", 22) + "." + strings.Repeat("B", 43), "a SendGrid API key"},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "a JSON Web Token"},
		{"postgres://app:Xk29vLq7@db.internal:5432/app", "a connection string with a password"},
		{"mongodb+srv://admin:Tr0ub4dor@cluster0.example.net/db", "a connection string with a password"},
		{"postgres://app:${DB_PASSWORD}@db/app", ""},
		{"postgres://app:<password>@db/app", ""},
		{"postgres://app:password@db/app", ""},
		{"postgres://app:changeme@db/app", ""},
		{"mysql://root:%s@localhost/db", ""},
		{"redis://:xxxxxxxx@cache:6379", ""},
		{"https://user@example.com/path", ""},
		{"https://example.com:8443/path", ""},
		{"short", ""},
		{"just a sentence with no secrets", ""},
	}
	for _, tc := range tests {
		m, ok := Default.Value(tc.value)
		if ok != (tc.kind != "") || m.Kind != tc.kind {
			t.Errorf("Value(%q) = %q, %t; want %q", tc.value, m.Kind, ok, tc.kind)
		}
	}
}

func TestSecretName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"DB_PASSWORD", true}, {"password", true}, {"MYSQL_ROOT_PASSWD", true}, {"PWD_HASH", true},
		{"AWS_SECRET_ACCESS_KEY", true}, {"GITHUB_TOKEN", true}, {"STRIPE_API_KEY", true}, {"apiKey", true},
		{"PRIVATE_KEY", true}, {"GOOGLE_APPLICATION_CREDENTIALS_JSON", true}, {"CLIENT_SECRET", true},
		{"SIGNING_KEY", true}, {"DB_PASS", true}, {"PASS", true}, {"SENTRY_DSN", true}, {"DB_CONNECTION_STRING", true},
		{"AWS_ACCESS_KEY_ID", false}, {"DB_PASSWORD_FILE", false}, {"SECRET_ARN", false}, {"TOKEN_URL", false},
		{"PASSWORD_MIN_LENGTH", false}, {"TOKEN_TTL", false}, {"SECRETS_ENABLED", false}, {"NO_TOKEN", false},
		{"KMS_KEY_ID", false}, {"JWT_SECRET_NAME", false}, {"USERNAME", false}, {"PASSPORT_NUMBER", false},
		{"BYPASS", false}, {"COMPASS", false}, {"PATH", false}, {"", false},
		{"dbPassword", true}, {"githubToken", true}, {"jwt_secret", true}, {"Private_Key", true},
		{"passwordFile", false}, {"tokenUrl", false}, {"secretPath", false}, {"tokenEndpoint", false}, {"SSH_PRIVATE_KEY_PATH", false},
		{"TOKEN_ENDPOINT", false}, {"API_KEY_HEADER", false}, {"PASSWORDLESS", false},
		{"MAX_TOKENS", false}, {"max_new_tokens", false}, {"TOKENIZERS_PARALLELISM", false}, {"TOKENIZER", false},
	}
	for _, tc := range tests {
		if got := Default.SecretName(tc.name); got != tc.want {
			t.Errorf("SecretName(%q) = %t, want %t", tc.name, got, tc.want)
		}
	}
}

func TestEnv(t *testing.T) {
	tests := []struct {
		name, value string
		kind        string
	}{
		{"DB_PASSWORD", "Xk29vLq!8", "a literal secret"},
		{"DB_PASSWORD", "hunter2", "a literal secret"},
		{"API_TOKEN", strings.Repeat("a", 24), "a literal secret"}, // long values count whatever their entropy
		{"ANYTHING", "AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"},
		{"SENTRY_DSN", "https://0123456789abcdef@o1.ingest.sentry.io/2", "a literal secret"},
		{"SENTRY_DSN", "http://0123456789abcdef@o1.ingest.sentry.io/2", "a literal secret"},
		// Placeholders, references, paths and settings.
		{"DB_PASSWORD", "changeme", ""},
		{"DB_PASSWORD", " CHANGEME ", ""},
		{"DB_PASSWORD", "'password'", ""},
		{"DB_PASSWORD", "********", ""},
		{"DB_PASSWORD", "xxxxxxxxxx", ""},
		{"DB_PASSWORD", "aaaaaa", ""},
		{"DB_PASSWORD", "abc", ""},
		{"DB_PASSWORD", "${DB_PASSWORD}", ""},
		{"DB_PASSWORD", "$DB_PASSWORD", ""},
		{"DB_PASSWORD", "$(cat /run/secrets/db)", ""},
		{"DB_PASSWORD", "{{ .Values.password }}", ""},
		{"DB_PASSWORD", "<db-password>", ""},
		{"DB_PASSWORD", "your-db-password-here", ""},
		{"DB_PASSWORD", "replace_me_please", ""},
		{"DB_PASSWORD", "example-pass-1", ""},
		{"DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", ""},
		{"DB_PASSWORD", "/run/secrets/db_password", ""},
		{"DB_PASSWORD", "./secrets/db", ""},
		{"DB_PASSWORD", "ssm:/app/db/password", ""},
		{"DB_PASSWORD", "vault:secret/data/db#password", ""},
		{"DB_PASSWORD", "https://vault.example.com/v1/db", ""},
		{"DB_PASSWORD", "1234567890", ""},
		{"DB_PASSWORD", "2024-01-01", ""},
		{"DB_PASSWORD", "true", ""},
		{"TOKEN_TTL", "3600s-long", ""},
		{"USERNAME", "Xk29vLq!8", ""},
	}
	for _, tc := range tests {
		m, ok := Default.Env(tc.name, tc.value)
		if ok != (tc.kind != "") || m.Kind != tc.kind {
			t.Errorf("Env(%q, %q) = %q, %t; want %q", tc.name, tc.value, m.Kind, ok, tc.kind)
		}
	}
}

func TestNewTuning(t *testing.T) {
	d, err := New([]string{"Hunter2"}, []string{"legacy_password"}, []string{`^X_`, `(?i)passphrase`})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, value string
		want        bool
	}{
		{"PASSWORD", "hunter2", false},          // extra placeholder, any case
		{"LEGACY_PASSWORD", "Xk29vLq!8", false}, // ignored name, any case
		{"LEGACY_PASSWORD", "AKIAIOSFODNN7EXAMPLE", false},
		{"X_CONF", "Xk29vLq!8", true}, // extra name pattern
		{"gpg_passphrase", "Xk29vLq!8", true},
		{"PASSWORD", "Xk29vLq!8", true}, // defaults still apply
		{"PASSWORD", "changeme", false},
	}
	for _, tc := range tests {
		if _, got := d.Env(tc.name, tc.value); got != tc.want {
			t.Errorf("Env(%q, %q) = %t, want %t", tc.name, tc.value, got, tc.want)
		}
	}
	if _, err := New(nil, nil, []string{"("}); err == nil {
		t.Error("an invalid name pattern gives no error")
	}
	// The default detector is unaffected.
	if _, ok := Default.Env("X_CONF", "Xk29vLq!8"); ok {
		t.Error("extra pattern leaked into Default")
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"abc", "********"},
		{"Xk29vLq!8", "********"},
		{"0123456789", "********"},
		{"supersecret", "********"},
		{"8DViDtrAQ18GaUr/8jJIprOj", "********"}, // a password shows nothing, however long
		{"AKIAIOSFODNN7EXAMPLE", "AKIA********"},
		{"ghp_" + strings.Repeat("a1B2", 9), "ghp_********"},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA", "-----BEGIN PRIVATE KEY----- [masked]"},
		{"秘密のパスワード", "********"},
		{"пароль1234", "********"},
		{"sk_" + "live_" + strings.Repeat("Qa1", 10), "sk_l********"},
		{"postgres://app:s3cr3tPw@db.internal:5432/app", "postgres://********"}, // the scheme names the kind
		{"AKIA", "********"}, // a bare prefix is not a token
		// A long "scheme" may be the secret itself, and a short value after
		// a scheme would be half shown by it: both are masked whole.
		{"MySecretPassword123://x", "********"},
		{"redis://pw", "********"},
		{"mongodb+srv://u:pw@cluster0.example.net", "mongodb+srv://********"},
	}
	for _, tc := range tests {
		got := Mask(tc.in)
		if got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Mask(%q) = %q is not valid UTF-8", tc.in, got)
		}
		// Never more than a kind prefix or a scheme is shown.
		if len(tc.in) > 4 && strings.Contains(got, tc.in[4:]) {
			t.Errorf("Mask(%q) = %q shows the secret", tc.in, got)
		}
	}
}

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

// TestNameHintFolding checks the copy-free test of name hints against
// lowering the name, ASCII and not.
func TestNameHintFolding(t *testing.T) {
	naive := func(name string) bool {
		lower := strings.ToLower(name)
		for _, h := range nameHints {
			if strings.Contains(lower, h) {
				return true
			}
		}
		return false
	}
	for _, name := range []string{
		"", "PATH", "DB_PASSWORD", "db_Pass", "API_KEY", "ApiToken", "SECRE", "xSECRET", "K", "KEY",
		"\u212aEY", "\u212Aey_ID", "ÄPI_TOKEN", "Ünïcode", "connectioN_string", "dSn", "PW", "pwD",
	} {
		if got, want := hasNameHint(name), naive(name); got != want {
			t.Errorf("hasNameHint(%q) = %v, want %v", name, got, want)
		}
	}
	long := strings.Repeat("X", 70) + "_Token"
	if !hasNameHint(long) || hasNameHint(strings.Repeat("X", 70)) {
		t.Errorf("hint in a long name not found as it is in a short one")
	}
	if n := testing.AllocsPerRun(100, func() { hasNameHint("DB_CONNECTION_HOST") }); n != 0 {
		t.Errorf("hasNameHint allocates %v times a name", n)
	}
}

// The one-pass hint search finds the patterns one of whose hints the
// value contains.
func TestHintedPatterns(t *testing.T) {
	if len(valuePatterns) > 64 {
		t.Fatalf("%d value patterns do not fit the hint bit set", len(valuePatterns))
	}
	values := []string{
		"", "plain words only", "AKIAIOSFODNN7EXAMPLE", "xASIAy", "-----BEGIN RSA PRIVATE KEY-----", "ghp_abc",
		"github_pat_x", "glpat-1", "xoxb-1", "sk_live_1", "AIzaSy", "npm_x", "SG.a.b", "eyJhbGciOi.eyJzdWIi.sig",
		"postgres://u:p@h/db", "A3T", "@@", "gh", "ggh", "k_live_k_live_", "eeeeeyJ", "mixed AKIA and user@host",
	}
	for _, v := range values {
		var want uint64
		for i := range valuePatterns {
			if slices.ContainsFunc(valuePatterns[i].hints, func(h string) bool { return strings.Contains(v, h) }) {
				want |= 1 << i
			}
		}
		if got := hintedPatterns(v); got != want {
			t.Errorf("hintedPatterns(%q) = %b, want %b", v, got, want)
		}
	}
}
