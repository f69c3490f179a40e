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
// the value of an option whose name says it is one (--password X,
// --password=X, --api-key X), a password glued to mysql's -p (-pS3cret),
// and the password of USER:PASSWORD after curl's -u or --user. It returns
// the words, and whether any was masked.
func (d *Detector) MaskCommand(words []string) ([]string, bool) {
	out := make([]string, len(words))
	copy(out, words)
	changed := false
	mask := func(i int, keep, secret string) {
		out[i], changed = keep+Mask(secret), true
	}
	client := ""
	if len(words) > 0 {
		client = path.Base(strings.Trim(words[0], `"'`))
	}
	for i := 0; i < len(words); i++ {
		w := strings.Trim(words[i], `"'`)
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			opt, val, hasVal := strings.Cut(w, "=")
			name := strings.ReplaceAll(strings.TrimLeft(opt, "-"), "-", "_")
			switch {
			case glued[client] && strings.HasPrefix(w, "-p") && !strings.HasPrefix(w, "--") && len(w) > 2:
				mask(i, "-p", w[2:])
			case userOptions[client][opt] && hasVal && strings.Contains(val, ":"):
				user, pw, _ := strings.Cut(val, ":")
				mask(i, opt+"="+user+":", pw)
			case userOptions[client][opt] && !hasVal && i+1 < len(words) && strings.Contains(words[i+1], ":") && !strings.Contains(words[i+1], "://"):
				user, pw, _ := strings.Cut(strings.Trim(words[i+1], `"'`), ":")
				mask(i+1, user+":", pw)
				i++
			case name != "" && d.SecretName(name) && hasVal && val != "" && !d.isPlaceholder(val):
				mask(i, opt+"=", val)
			case name != "" && d.SecretName(name) && !hasVal && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") && !d.isPlaceholder(words[i+1]):
				mask(i+1, "", words[i+1])
				i++
			default:
				if _, ok := d.Value(w); ok {
					mask(i, "", w)
				}
			}
			continue
		}
		if name, value, isEnv := strings.Cut(w, "="); isEnv {
			if _, bad := d.Env(name, value); bad {
				mask(i, name+"=", value)
			}
			continue
		}
		if _, bad := d.Value(w); bad {
			mask(i, "", w)
		}
	}
	return out, changed
}
