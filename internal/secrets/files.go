package secrets

import (
	"bytes"
	"path"
	"strings"
)

// CredentialFile reports whether a path names a key or credential file by
// its name: SSH private keys, .npmrc, .pypirc, .netrc, .git-credentials,
// .env files, .aws/credentials, .docker/config.json, private-key files
// (*.key, *.pem, *.p12, *.pfx, *.jks) that are not certificates or public keys.
func CredentialFile(p string) bool {
	l := strings.ToLower(strings.TrimRight(strings.ReplaceAll(p, `\`, "/"), "/"))
	name := path.Base(l)
	switch name {
	case "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials",
		".env", ".dockercfg", ".pgpass", ".htpasswd", "credentials.json", "service-account.json":
		return true
	case "credentials", "config.json":
		dir := path.Base(path.Dir(l))
		return (name == "credentials" && dir == ".aws") || (name == "config.json" && dir == ".docker")
	}
	if rest, ok := strings.CutPrefix(name, ".env."); ok {
		return rest != "example" && rest != "sample" && rest != "template" && rest != "dist" && rest != "defaults"
	}
	switch path.Ext(name) {
	case ".key", ".p12", ".pfx", ".jks", ".keystore":
		return !strings.Contains(name, "pub")
	case ".pem":
		for _, w := range []string{"ca", "cert", "chain", "bundle", "pub", "root", "trust"} {
			if strings.Contains(name, w) {
				return false
			}
		}
		return true
	}
	return false
}

// CredentialContent reports whether the content of a file that
// CredentialFile names holds a credential: a private key for key files, a
// token or password for .npmrc, .pypirc and .docker/config.json, a value
// for .env files. Other names (binary keystores, .netrc, .git-credentials)
// count whatever their content, unless empty.
func CredentialContent(p string, data []byte) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return false
	}
	l := strings.ToLower(p)
	name := path.Base(l)
	switch {
	case strings.HasPrefix(name, "id_") || path.Ext(name) == ".pem" || path.Ext(name) == ".key":
		return bytes.Contains(data, []byte("PRIVATE KEY"))
	case name == ".npmrc":
		return containsAny(data, "_authToken", "_auth=", "_auth =", "_password")
	case name == ".pypirc":
		return containsAny(data, "password")
	case name == "config.json" || name == ".dockercfg":
		return containsAny(data, `"auth"`, `"identitytoken"`)
	case name == ".env" || strings.HasPrefix(name, ".env."):
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
			if strings.HasPrefix(line, "#") {
				continue
			}
			if _, v, ok := strings.Cut(line, "="); ok && strings.Trim(strings.TrimSpace(v), `"'`) != "" {
				return true
			}
		}
		return false
	}
	return true
}

func containsAny(data []byte, words ...string) bool {
	for _, w := range words {
		if bytes.Contains(data, []byte(w)) {
			return true
		}
	}
	return false
}
