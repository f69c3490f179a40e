package secrets

import "testing"

func TestCredentialFile(t *testing.T) {
	cases := map[string]bool{
		"id_rsa": true, "/root/.ssh/id_ed25519": true, ".env": true, ".env.production": true, ".env.example": false,
		"config/.npmrc": true, ".aws/credentials": true, "credentials": false, ".docker/config.json": true,
		"config.json": false, "server.pem": true, "cert.pem": false, "ca-bundle.pem": false, "tls.key": true,
		"public.key": false, `C:\Users\app\.ssh\id_rsa`: true, "main.go": false, "keystore.jks": true,
	}
	for p, want := range cases {
		if got := CredentialFile(p); got != want {
			t.Errorf("CredentialFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestCredentialContent(t *testing.T) {
	cases := []struct {
		path, data string
		want       bool
	}{
		{"id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n", true},
		{"server.pem", "-----BEGIN CERTIFICATE-----\nx\n", false},
		{".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", true},
		{".npmrc", "registry=https://registry.npmjs.org/\n", false},
		{".pypirc", "[pypi]\nusername = __token__\npassword = pypi-x\n", true},
		{".pypirc", "[distutils]\nindex-servers = pypi\n", false},
		{"config.json", `{"auths": {"r": {"auth": "eA=="}}}`, true},
		{"config.json", `{"credsStore": "desktop"}`, false},
		{".env", "# comment\nexport A=1\n", true},
		{".env", "# comment\nA=\nB=''\n", false},
		{".netrc", "machine x login y password z\n", true},
		{".netrc", "  \n", false},
	}
	for _, c := range cases {
		if got := CredentialContent(c.path, []byte(c.data)); got != c.want {
			t.Errorf("CredentialContent(%q, %q) = %v, want %v", c.path, c.data, got, c.want)
		}
	}
}
