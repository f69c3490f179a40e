package secrets

import (
	"path"
	"strings"
)

// glued are the clients whose -p takes the password glued to it
// (mysql -pS3cret), where a separate word is a database name instead.
var glued = map[string]bool{"mysql": true, "mysqldump": true, "mysqladmin": true, "mariadb": true, "mariadb-dump": true, "mariadb-admin": true, "mysqlimport": true, "mysqlshow": true}

// userOptions are the options of HTTP clients that take USER:PASSWORD
// (curl -u, httpie -a), by client.
var userOptions = map[string]map[string]bool{
	"curl": {"-u": true, "--user": true, "--proxy-user": true, "-U": true},
	"http": {"-a": true, "--auth": true}, "https": {"-a": true, "--auth": true},
}

// MaskCommand masks the words of a command line that hold a secret, for
// output: NAME=VALUE with a secret name, a value shaped like a credential,
// and the secrets OptionSecrets finds. It returns the words, and whether
// any was masked.
func (d *Detector) MaskCommand(words []string) ([]string, bool) {
	out := make([]string, len(words))
	copy(out, words)
	var done map[int]bool // the words OptionSecrets masked
	d.OptionSecrets(words, func(i int, keep, secret string) {
		if done == nil {
			done = map[int]bool{}
		}
		out[i], done[i] = keep+Mask(secret), true
	})
	changed := len(done) > 0
	for i, w := range words {
		if done[i] {
			continue
		}
		w = strings.Trim(w, `"'`)
		if name, value, isEnv := strings.Cut(w, "="); isEnv && !strings.HasPrefix(w, "-") {
			if _, bad := d.Env(name, value); bad {
				out[i], changed = name+"="+Mask(value), true
			}
			continue
		}
		if _, bad := d.Value(w); bad {
			out[i], changed = Mask(w), true
		}
	}
	return out, changed
}

// OptionSecrets finds the secrets a command passes as options: the value
// of an option whose name says it is one (--password X, --password=X,
// --api-key X; not --password-file, --token-ttl, --no-password, nor a
// placeholder), a password glued to mysql's -p (-pS3cret), the password of
// USER:PASSWORD after curl's -u or --user. For each it calls found with the
// index of the word holding it, the part of the word to keep and the
// secret. The words are as a command line shows them (quotes are trimmed).
// A word with a part that is not literal (shell.Unknown, "\x00") is no
// secret.
func (d *Detector) OptionSecrets(words []string, found func(i int, keep, secret string)) {
	d.optionSecrets(words, false, found)
}

// PassedSecret returns the option by which a parsed command (its words
// without quotes) passes a secret, or "": as OptionSecrets finds them,
// except that a secret in the word after an option is taken only after an
// option that can be nothing but a secret (--password, --token, --api-key:
// --disabled-password and --password-stdin take no value), for findings
// that must not be wrong.
func (d *Detector) PassedSecret(words []string) string {
	opt := ""
	d.optionSecrets(words, true, func(i int, keep, _ string) {
		if opt != "" {
			return
		}
		switch o, _, hasVal := strings.Cut(keep, "="); {
		case hasVal:
			opt = o
		case strings.HasPrefix(keep, "-"):
			opt = keep // -p of -pS3cret
		default:
			opt = words[i-1] // --password X, -u user:X
		}
	})
	return opt
}

// secretOptions are the options (without dashes) whose next word is a
// secret for PassedSecret.
var secretOptions = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pwd": true, "token": true, "secret": true,
	"api-key": true, "apikey": true, "api_key": true, "access-token": true, "auth-token": true,
	"client-secret": true, "secret-key": true, "access-key": true, "secret-access-key": true,
}

func (d *Detector) optionSecrets(words []string, strict bool, found func(i int, keep, secret string)) {
	literal := func(v string) bool { return v != "" && !strings.Contains(v, "\x00") }
	word := func(i int) string {
		if strict {
			return words[i] // parsed: no quotes
		}
		return strings.Trim(words[i], `"'`)
	}
	client := ""
	if len(words) > 0 {
		client = path.Base(word(0))
	}
	for i := 1; i < len(words); i++ {
		w := words[i]
		if len(w) < 2 || (w[0] != '-' && (strict || w[0] != '"' && w[0] != '\'')) {
			continue
		}
		if w = word(i); len(w) < 2 || w[0] != '-' {
			continue
		}
		opt, val, hasVal := strings.Cut(w, "=")
		switch {
		case glued[client] && strings.HasPrefix(w, "-p") && !strings.HasPrefix(w, "--"):
			if literal(w[2:]) {
				found(i, "-p", w[2:])
			}
		case userOptions[client][opt]:
			v, at := val, i
			if !hasVal && i+1 < len(words) {
				v, at = word(i+1), i+1
			}
			if user, pw, ok := strings.Cut(v, ":"); ok && !strings.Contains(v, "://") && literal(pw) {
				keep := user + ":"
				if at == i {
					keep = opt + "=" + keep
				}
				found(at, keep, pw)
			}
			if at != i {
				i++
			}
		case hasVal:
			if d.optionNamesSecret(opt) && literal(val) && !d.isPlaceholder(val) {
				found(i, opt+"=", val)
			}
		case i+1 < len(words) && !strings.HasPrefix(words[i+1], "-"):
			if strict && !secretOptions[strings.ToLower(strings.TrimLeft(opt, "-"))] {
				continue
			}
			if !d.optionNamesSecret(opt) {
				continue
			}
			if v := word(i + 1); literal(v) && !d.isPlaceholder(v) {
				found(i+1, "", v)
			}
			i++
		}
	}
}

// optionNamesSecret reports whether an option's name (--api-key) says it
// holds a secret, as SecretName says of API_KEY.
func (d *Detector) optionNamesSecret(opt string) bool {
	if len(d.ExtraNames) == 0 && !hasNameHint(opt) {
		return false // most options: no word of a secret's name (and no copy made)
	}
	name := strings.ReplaceAll(strings.TrimLeft(opt, "-"), "-", "_")
	return name != "" && d.SecretName(name)
}
