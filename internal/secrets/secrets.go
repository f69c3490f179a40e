// Package secrets recognises credentials written where they do not belong
// (environment variables, Dockerfile ENV/ARG, files copied into images) and
// masks them for output. It favours precision: known token formats are
// matched by shape, and a secret-looking name counts only with a literal
// value that is not a placeholder, a reference or a path.
package secrets

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shipshape/shipshape/internal/fold"
)

// Match describes a secret found.
type Match struct {
	// Kind names what was found ("an AWS access key ID", "password").
	Kind string
}

type valuePattern struct {
	kind string
	// hints are literals one of which every match contains: a pattern is
	// tried only on values holding one, which keeps the detector cheap on
	// the many values that hold no secret.
	hints []string
	re    *regexp.Regexp
}

// valuePatterns recognise credentials by their shape alone.
var valuePatterns = []valuePattern{
	{"an AWS access key ID", []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"}, regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b`)},
	{"a private key", []string{"-----BEGIN"}, regexp.MustCompile(`-----BEGIN[A-Z ]*PRIVATE KEY-----`)},
	{"a GitHub token", []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}, regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b`)},
	{"a GitLab token", []string{"glpat-"}, regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`)},
	{"a Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}\b`)},
	{"a Stripe secret key", []string{"k_live_"}, regexp.MustCompile(`\b[rs]k_live_[A-Za-z0-9]{20,}\b`)},
	{"a Google API key", []string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"an npm token", []string{"npm_"}, regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`)},
	{"a SendGrid API key", []string{"SG."}, regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`)},
	{"a JSON Web Token", []string{"eyJ"}, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
	{"a connection string with a password", []string{"@"}, regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@[^\s]+`)},
}

// hintsAt lists, by first byte, the hints of valuePatterns as pattern
// indexes, so that one pass over a value finds which patterns to try.
var hintsAt = func() (t [256][]hintRef) {
	for i, p := range valuePatterns {
		for _, h := range p.hints {
			t[h[0]] = append(t[h[0]], hintRef{hint: h, pattern: i})
		}
	}
	return t
}()

// hintStart tells the bytes some hint starts with.
var hintStart = func() (t [256]bool) {
	for b, refs := range hintsAt {
		t[b] = len(refs) > 0
	}
	return t
}()

type hintRef struct {
	hint    string
	pattern int
}

// hintedPatterns returns a bit set of the valuePatterns one of whose hints
// the value holds, found in one pass over the value.
func hintedPatterns(value string) uint64 {
	var set uint64
	for i := 0; i < len(value); i++ {
		if !hintStart[value[i]] {
			continue // most bytes: one byte of a table read, not a slice
		}
		for _, r := range hintsAt[value[i]] {
			if strings.HasPrefix(value[i:], r.hint) {
				set |= 1 << r.pattern
			}
		}
	}
	return set
}

// nameRe matches variable names that hold secrets.
var nameRe = regexp.MustCompile(`(?i)(passw(or)?d|passwd|\bpwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key|session[_-]?key|_pass$|^pass$|dsn$|connection[_-]?string)`)

// notSecretNameRe matches names that look secret but hold references,
// settings or identifiers rather than the secret itself.
var notSecretNameRe = regexp.MustCompile(`(?i)(_file|_path|_dir|_arn|_name|_id|_ids|_url|_uri|_endpoint|_host|_port|_length|_len|_min|_max|_ttl|_expiry|_expires?|_expiration|_timeout|_lifetime|_age|_type|_enabled?|_disabled?|_version|_header|_field|_param|_parameter|_ref|_key_id|_algorithm|_alg|_issuer|_audience|_region|_mode|_policy|_provider|_location|_store|_vault|_source|_count|_size|_rotation|_duration|_seconds|_minutes|_hours|_days)$|passwordless|^(no_|use_|enable_|disable_|skip_)|tokeniz|(^|_)(max|min|num)_(new_)?tokens?($|_)`)

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
	hinted := hintedPatterns(value)
	if hinted == 0 {
		return Match{}, false // most values
	}
	for i := range valuePatterns {
		p := &valuePatterns[i]
		if hinted&(1<<i) == 0 {
			continue
		}
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

// nameHints are words one of which every name nameRe matches contains.
var nameHints = []string{"pass", "pwd", "secret", "token", "key", "credential", "dsn", "connection"}

// hasNameHint is a cheap test before nameRe: most names hold no hint.
// A short ASCII name is lowered once into a buffer on the stack, where the
// hints are looked for; others as fold.ContainsLower finds them.
func hasNameHint(name string) bool {
	var buf [64]byte
	if len(name) <= len(buf) {
		lower := buf[:len(name)]
		ascii := true
		for i := 0; i < len(name) && ascii; i++ {
			c := name[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i], ascii = c, c < utf8.RuneSelf
		}
		if ascii {
			for _, h := range nameHints {
				if bytes.Contains(lower, []byte(h)) {
					return true
				}
			}
			return false
		}
	}
	for _, h := range nameHints {
		if fold.ContainsLower(name, h) {
			return true
		}
	}
	return false
}

// SecretName reports whether a variable name says it holds a secret.
func (d *Detector) SecretName(name string) bool {
	if d.ignored(name) {
		return false
	}
	for _, re := range d.ExtraNames {
		if re.MatchString(name) {
			return true
		}
	}
	return hasNameHint(name) && nameRe.MatchString(name) && !notSecretNameRe.MatchString(snake(name))
}

// ignored reports whether the name is one of IgnoreNames (upper-cased
// only when there are any: most detectors have none).
func (d *Detector) ignored(name string) bool {
	return len(d.IgnoreNames) > 0 && d.IgnoreNames[strings.ToUpper(name)]
}

// snake writes a camelCase name with underscores between its words
// (passwordFile -> password_File), so that the suffixes of notSecretNameRe
// match it as they match PASSWORD_FILE.
func snake(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if i > 0 && c >= 'A' && c <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z' {
			b.WriteByte('_')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Env judges a name and literal value pair, such as an environment variable.
func (d *Detector) Env(name, value string) (Match, bool) {
	if d.ignored(name) {
		return Match{}, false
	}
	if m, ok := d.Value(value); ok {
		return m, true
	}
	if !d.SecretName(name) || !d.literalSecret(name, value) {
		return Match{}, false
	}
	return Match{Kind: "a literal secret"}, true
}

// templateRe matches template holes: <your-key>, {{ .Values.key }}, %{key},
// #{key}.
var templateRe = regexp.MustCompile(`<[^<>]+>|\{\{|%\{|#\{`)

// identifierRe matches values written as a variable name (GOOGLE_API_KEY_VAL,
// MY_SECRET_TOKEN): a placeholder for the value, not the value.
var identifierRe = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)

// placeholderWords are words that mark a value as a stand-in wherever they
// appear in it.
var placeholderWords = []string{
	"example", "changeme", "change_me", "change-me", "changeit", "placeholder", "dummy", "your", "replace",
	"insert", "fake", "sample", "redacted", "todo", "fixme", "xxx", "***", "notset", "not_set", "not-set",
}

// literalSecret reports whether the value of the variable name could be a
// real secret rather than a placeholder, a reference, a path, a number or a
// switch.
func (d *Detector) literalSecret(name, v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 6 || d.isPlaceholder(v) || resemblesName(name, v) {
		return false
	}
	lower := strings.ToLower(v)
	switch {
	case strings.Contains(v, "${") || strings.Contains(v, "$(") || strings.HasPrefix(v, "$"),
		templateRe.MatchString(v),
		identifierRe.MatchString(v) && nameRe.MatchString(v),
		strings.HasPrefix(lower, "arn:"), strings.HasPrefix(v, "/"), strings.HasPrefix(v, "./"),
		(strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) && !strings.Contains(v, "@"),
		strings.HasPrefix(lower, "file:"), strings.HasPrefix(lower, "ssm:"), strings.HasPrefix(lower, "secretsmanager:"),
		strings.HasPrefix(lower, "vault:"), strings.HasPrefix(lower, "env:"):
		return false
	}
	if allOf(v, "0123456789.-_:") || allOf(lower, "x*._-") {
		return false
	}
	for _, word := range placeholderWords {
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

// resemblesName reports whether a value repeats its variable's name, or
// the name repeats the value: API_KEY=API_KEY_VALUE, DB_PASSWORD=db-pass.
// A one-word name (PASSWORD) is too common a part of real weak passwords
// (password123) to count.
func resemblesName(name, v string) bool {
	n, val := alnum(name), alnum(v)
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	if len(val) < 6 {
		return false
	}
	return len(words) >= 2 && strings.Contains(val, n) || strings.Contains(n, val)
}

// alnum lowers s and keeps only its letters and digits.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
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

// kindPrefixes are the fixed prefixes that name a token's kind. Mask keeps
// at most their first four characters, which tell nothing of the secret.
var kindPrefixes = []string{
	"AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
	"xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "sk_live_", "rk_live_", "AIza", "npm_", "SG.", "eyJ",
}

// schemeRe matches the scheme of a URL (connection strings). Real schemes
// are short ("mongodb+srv"); a longer "scheme" may be the secret itself
// followed by "://", so it is not shown.
var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]{0,11}://`)

// Mask hides a secret value for output. It keeps only what names the
// value's kind and reveals nothing of the secret: up to four characters of a
// token's fixed prefix (AKIA..., ghp_...) or a connection string's short
// scheme, each only when at least eight characters follow it.
// Every other value is masked whole.
func Mask(v string) string {
	if v == "" {
		return ""
	}
	if strings.Contains(v, "PRIVATE KEY") {
		return "-----BEGIN PRIVATE KEY----- [masked]"
	}
	stars := strings.Repeat("*", 8)
	for _, p := range kindPrefixes {
		if strings.HasPrefix(v, p) && len(v) >= len(p)+8 {
			return v[:min(len(p), 4)] + stars
		}
	}
	if m := schemeRe.FindString(v); m != "" && len(v) >= len(m)+8 {
		return m + stars
	}
	return stars
}
