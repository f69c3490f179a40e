package dockerfile

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const privateKey = "-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END PRIVATE KEY-----\n"

func contextPaths(t *testing.T, src string, ctx fstest.MapFS) []string {
	t.Helper()
	img := adaptOne(t, src, Options{Context: ctx})
	var out []string
	for _, f := range img.ContextSecrets {
		out = append(out, f.Path)
	}
	return out
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestContextSecretsDockerignore(t *testing.T) {
	ctx := fstest.MapFS{
		"package.json":                file("{}"),
		".env":                        file("TOKEN=abc123\n"),
		".env.example":                file("TOKEN=\n"),
		"empty/.env":                  file("# nothing set\nTOKEN=\n"),
		"a/b/server.pem":              file(privateKey),
		"a/cert.pem":                  file(privateKey),
		"keys/app.key":                file(privateKey),
		"keys/other.key":              file(privateKey),
		"keys/public.key":             file(privateKey),
		"nokey/tls.key":               file("not a key"),
		"npm/.npmrc":                  file("//registry.npmjs.org/:_authToken=npm_x\n"),
		"plain/.npmrc":                file("registry=https://registry.npmjs.org/\n"),
		".aws/credentials":            file("[default]\naws_secret_access_key = x\n"),
		".docker/config.json":         file(`{"auths": {"r": {"auth": "eA=="}}}`),
		"node_modules/x/.env":         file("A=1\n"),
		"d1/d2/d3/d4/.env":            file("A=1\n"),
		"d1/d2/d3/d4/d5/.env":         file("A=1\n"),
		"Dockerfile":                  file(""),
		".dockerignore":               file("**/*.pem\n.aws\nkeys/*.key\n!keys/app.key\n"),
		"Dockerfile.dockerignore.txt": file("unrelated"),
	}
	src := "FROM alpine:3.20\nCOPY package.json ./\nCOPY . /app\n"
	got := contextPaths(t, src, ctx)
	want := []string{".docker/config.json", ".env", "d1/d2/d3/d4/.env", "keys/app.key", "npm/.npmrc"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("context secrets = %v, want %v", got, want)
	}
}

func TestContextSecretsOwnIgnoreFile(t *testing.T) {
	ctx := fstest.MapFS{
		"go.mod":                  file("module x\n"),
		".env":                    file("A=1\n"),
		".dockerignore":           file("nothing\n"),
		"Dockerfile.dockerignore": file(".env\n"),
	}
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY . .\n", ctx); len(got) != 0 {
		t.Errorf("Dockerfile.dockerignore excludes .env, got %v", got)
	}
	delete(ctx, "Dockerfile.dockerignore")
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY . .\n", ctx); !reflect.DeepEqual(got, []string{".env"}) {
		t.Errorf("got %v, want [.env]", got)
	}
}

func TestContextSecretsOnlyWhatIsCopied(t *testing.T) {
	ctx := fstest.MapFS{
		"go.mod":      file("module x\n"),
		".env":        file("A=1\n"),
		"src/.env":    file("A=1\n"),
		"src/main.go": file("package main\n"),
		"cfg/.npmrc":  file("_authToken=x\n"),
	}
	// A glob's directory is walked; which files the glob takes is the
	// rule's business.
	cases := map[string][]string{
		"FROM alpine:3.20\nCOPY src/ /app/\n":                                             {"src/.env"},
		"FROM alpine:3.20\nCOPY src/*.go /app/\n":                                         {"src/.env"},
		"FROM alpine:3.20\nCOPY c*/ /app/\n":                                              {".env", "cfg/.npmrc", "src/.env"},
		"FROM alpine:3.20\nCOPY --from=other:1 / /\n":                                     {},
		"FROM alpine:3.20\nCOPY $DIR /app/\n":                                             {},
		"FROM alpine:3.20\nRUN true\n":                                                    {},
		"FROM alpine:3.20 AS b\nCOPY . /src\nFROM alpine:3.20\nCOPY --from=b /src /app\n": {".env", "cfg/.npmrc", "src/.env"},
	}
	for src, want := range cases {
		got := contextPaths(t, src, ctx)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, want %v", src, got, want)
		}
	}
}

func TestContextSecretsOtherContext(t *testing.T) {
	ctx := fstest.MapFS{".env": file("A=1\n")}
	// No .dockerignore, no project file, nothing named: not known to be the context.
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY . .\n", ctx); len(got) != 0 {
		t.Errorf("got %v", got)
	}
	// The files it copies by name are elsewhere.
	ctx[".dockerignore"] = file("")
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY package.json ./\nCOPY . .\n", ctx); len(got) != 0 {
		t.Errorf("got %v", got)
	}
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY . .\n", ctx); len(got) != 1 {
		t.Errorf("with a .dockerignore beside it: got %v", got)
	}
}

func TestContextSecretsBounded(t *testing.T) {
	ctx := fstest.MapFS{"go.mod": file("module x\n")}
	for i := 0; i < maxContextEntries+100; i++ {
		ctx["many/f"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676))] = file("")
	}
	ctx["zzz/.env"] = file("A=1\n")
	if got := contextPaths(t, "FROM alpine:3.20\nCOPY . .\n", ctx); len(got) != 0 {
		t.Errorf("the walk should stop after %d entries, got %v", maxContextEntries, got)
	}
}
