// Package secrets recognises credentials written where they do not belong
// (environment variables, Dockerfile ENV/ARG, files copied into images) and
// masks them for output. It favours precision: known token formats are
// matched by shape, and a secret-looking name counts only with a literal
// value that is not a placeholder, a reference or a path.
package secrets

import (
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Match describes a secret found.
type Match struct {
	// Kind names what was found ("an AWS access key ID", "password").
	Kind string
}

type valuePattern struct {
	kind string
	re   *regexp.Regexp
}

// valuePatterns recognise credentials by their shape alone.
var valuePatterns = []valuePattern{
	{"an AWS access key ID", regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b`)},
	{"a private key", regexp.MustCompile(`-----BEGIN[A-Z ]*PRIVATE KEY-----`)},
	{"a GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b`)},
	{"a GitLab token", regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}\b`)},
	{"a Stripe secret key", regexp.MustCompile(`\b[rs]k_live_[A-Za-z0-9]{20,}\b`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"an npm token", regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`)},
	{"a SendGrid API key", regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`)},
	{"a JSON Web Token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
	{"a connection string with a password", regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@[^\s]+`)},
}

// nameRe matches variable names that hold secrets.
var nameRe = regexp.MustCompile(`(?i)(passw(or)?d|passwd|\bpwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key|session[_-]?key|_pass$|^pass$|dsn$|connection[_-]?string)`)

// notSecretNameRe matches names that look secret but hold references,
// settings or identifiers rather than the secret itself.
var notSecretNameRe = regexp.MustCompile(`(?i)(_file|_path|_dir|_arn|_name|_id|_ids|_url|_uri|_endpoint|_host|_port|_length|_len|_min|_max|_ttl|_expiry|_expires?|_expiration|_timeout|_lifetime|_age|_type|_enabled?|_disabled?|_version|_header|_field|_param|_parameter|_ref|_key_id|_algorithm|_alg|_issuer|_audience|_region|_mode|_policy|_provider|_location|_store|_vault|_source|_count|_size|_rotation|_duration|_seconds|_minutes|_hours|_days)$|^(no_|use_|enable_|disable_|skip_)`)

// Detector finds secrets with tunable lists.
type Detector struct {
	// Placeholders are values that never count (compared case-insensitively).
	Placeholders map[string]bool
	// IgnoreNames are variable names never reported.
	IgnoreNames map[string]bool
	// ExtraNames are additional name patterns that hold secrets.
	ExtraNames []*regexp.Regexp
}

// DefaultPlaceholders are documented values that are not secrets.
var DefaultPlaceholders = []string{
	"changeme", "change_me", "change-me", "changeit", "example", "examples", "placeholder", "dummy", "test", "testing",
	"secret", "password", "passwd", "token", "xxx", "xxxx", "xxxxx", "xxxxxx", "none", "null", "nil", "undefined",
	"todo", "tbd", "redacted", "your-password", "yourpassword", "your_password", "mypassword", "<password>",
	"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "required", "optional", "default", "empty",
	"****", "*****", "******", "********",
}

// New returns a detector with the default lists extended by the given ones.
func New(extraPlaceholders, ignoreNames, extraNamePatterns []string) (*Detector, error) {
	d := &Detector{Placeholders: map[string]bool{}, IgnoreNames: map[string]bool{}}
	for _, p := range append(append([]string{}, DefaultPlaceholders...), extraPlaceholders...) {
		d.Placeholders[strings.ToLower(p)] = true
	}
	for _, n := range ignoreNames {
		d.IgnoreNames[strings.ToUpper(n)] = true
	}
	for _, p := range extraNamePatterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		d.ExtraNames = append(d.ExtraNames, re)
	}
	return d, nil
}

// Default is the detector with default lists.
var Default, _ = New(nil, nil, nil)

// Value reports a credential recognised by its shape alone.
func (d *Detector) Value(value string) (Match, bool) {
	if len(value) < 8 {
		return Match{}, false
	}
	for _, p := range valuePatterns {
		m := p.re.FindStringSubmatch(value)
		if m == nil {
			continue
		}
		if p.kind == "a connection string with a password" && !d.literalPassword(m[1]) {
			continue
		}
		return Match{Kind: p.kind}, true
	}
	return Match{}, false
}

// SecretName reports whether a variable name says it holds a secret.
func (d *Detector) SecretName(name string) bool {
	if d.IgnoreNames[strings.ToUpper(name)] {
		return false
	}
	for _, re := range d.ExtraNames {
		if re.MatchString(name) {
			return true
		}
	}
	return nameRe.MatchString(name) && !notSecretNameRe.MatchString(name)
}

// Env judges a name and literal value pair, such as an environment variable.
func (d *Detector) Env(name, value string) (Match, bool) {
	if d.IgnoreNames[strings.ToUpper(name)] {
		return Match{}, false
	}
	if m, ok := d.Value(value); ok {
		return m, true
	}
	if !d.SecretName(name) || !d.literalSecret(value) {
		return Match{}, false
	}
	return Match{Kind: "a literal secret"}, true
}

// literalSecret reports whether a value could be a real secret rather than
// a placeholder, a reference, a path, a number or a switch.
func (d *Detector) literalSecret(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 6 || d.isPlaceholder(v) {
		return false
	}
	lower := strings.ToLower(v)
	switch {
	case strings.Contains(v, "${") || strings.Contains(v, "$(") || strings.HasPrefix(v, "$"),
		strings.Contains(v, "{{") || strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">"),
		strings.HasPrefix(lower, "arn:"), strings.HasPrefix(v, "/"), strings.HasPrefix(v, "./"),
		(strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) && !strings.Contains(v, "@"),
		strings.HasPrefix(lower, "file:"), strings.HasPrefix(lower, "ssm:"), strings.HasPrefix(lower, "secretsmanager:"),
		strings.HasPrefix(lower, "vault:"), strings.HasPrefix(lower, "env:"):
		return false
	}
	if allOf(v, "0123456789.-_:") || allOf(lower, "x*._-") {
		return false
	}
	for _, word := range []string{"example", "changeme", "placeholder", "dummy", "your", "replace", "insert", "fake", "sample", "redacted"} {
		if strings.Contains(lower, word) {
			return false
		}
	}
	// Repetitive values ("aaaaaa", "abab12") carry little entropy; a
	// password usually mixes characters or is long.
	return entropy(v) >= 2.5 || len(v) >= 16
}

// literalPassword reports whether the password part of a URL is a literal
// rather than a placeholder or a variable.
func (d *Detector) literalPassword(v string) bool {
	if d.isPlaceholder(v) || strings.ContainsAny(v, "$<>{}") || strings.Contains(v, "%s") {
		return false
	}
	lower := strings.ToLower(v)
	for _, word := range []string{"password", "passwd", "secret", "changeme", "example", "xxx", "***"} {
		if strings.Contains(lower, word) {
			return false
		}
	}
	return true
}

func (d *Detector) isPlaceholder(v string) bool {
	return d.Placeholders[strings.ToLower(strings.Trim(v, `"' `))]
}

func allOf(s, chars string) bool {
	for _, r := range s {
		if !strings.ContainsRune(chars, r) {
			return false
		}
	}
	return true
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]float64{}
	n := 0.0
	for _, r := range s {
		counts[r]++
		n++
	}
	e := 0.0
	for _, c := range counts {
		p := c / n
		e -= p * math.Log2(p)
	}
	return e
}

// Mask hides a secret value for output, keeping a short prefix of values
// whose prefix names their kind (AKIA..., ghp_...).
func Mask(v string) string {
	if v == "" {
		return ""
	}
	keep := 0
	switch {
	case len(v) >= 20:
		keep = 4
	case len(v) >= 10:
		keep = 2
	}
	if strings.Contains(v, "PRIVATE KEY") {
		return "-----BEGIN PRIVATE KEY----- [masked]"
	}
	for keep > 0 && !utf8.RuneStart(v[keep]) {
		keep-- // never cut a character in two
	}
	return v[:keep] + strings.Repeat("*", 8)
}
