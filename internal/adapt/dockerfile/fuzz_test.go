package dockerfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// FuzzAdapt feeds arbitrary bytes to the adapter: it must never panic (a
// recovered panic shows as an "internal error" diagnostic) and every
// diagnostic must carry a line.
func FuzzAdapt(f *testing.F) {
	for _, seed := range []string{
		"FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 10001\n",
		"# syntax=docker/dockerfile:1\nARG TAG=1\nFROM golang:${TAG} AS b\nRUN --mount=type=cache,target=/root/.cache go build\nFROM scratch\nCOPY --from=b /app /app\n",
		"# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n  Write-Host hi\n",
		"FROM debian\nRUN <<EOF\napt-get update\nEOF\nRUN bash <<-EOT\n\tcurl x | sh\n\tEOT\n",
		"FROM a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b && \\\n # c\n c\nONBUILD RUN x\nHEALTHCHECK NONE\nEXPOSE 22\n",
		"FROM a AS b\nFROM b\nENV A=1 B=\"two words\" C=${A:-x}\nCOPY <<EOF /x\nhello\nEOF\nUSER ${UID}:0\n",
		"ARG\nFROM\nRUN [\"sh\", \"-c\"\nCMD [\"x\"]\n",
		"FROM a AS b\nCOPY . /src\nCOPY src/*.go [a-/ ../x /y\nFROM c\nCOPY --from=b /src /app\n",
	} {
		f.Add([]byte(seed))
	}
	// The hostile inputs of issue 9 (ARG values that double at each line).
	hostile, _ := filepath.Glob("../../scan/testdata/hostile/*Dockerfile")
	for _, p := range hostile {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	// A build context with credential files, walked for COPY . and the like.
	ctx := fstest.MapFS{
		"go.mod":        &fstest.MapFile{Data: []byte("module x\n")},
		".env":          &fstest.MapFile{Data: []byte("A=1\n")},
		"src/id_rsa":    &fstest.MapFile{Data: []byte("PRIVATE KEY")},
		".dockerignore": &fstest.MapFile{Data: []byte("[\n!src\n**/x\n")},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		res := Adapt("Dockerfile", data, Options{BuildArgs: map[string]string{"TAG": "latest"}, Target: "b", Context: ctx})
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("panic on %q: %s", data, d.Message)
			}
			if d.Pos.Line <= 0 {
				t.Fatalf("diagnostic without a line on %q: %s", data, d.Message)
			}
		}
	})
}

// FuzzQuoted checks the adapter's reading of a plain quoted word against
// BuildKit's lexer, which it stands in for: whatever quoted reads, the
// lexer reads alike, with either escape character.
func FuzzQuoted(f *testing.F) {
	for _, s := range []string{`"two words"`, `'single $HOME \ quoted'`, `""`, `''`, `"a"b"`, `"a\"b"`, `"$A"`, "\"a`b\"",
		`'it''s'`, `"tab\there"`, "\"caf\u00e9\"", `"unclosed`, `'x"`, `"<<EOF"`, `"a'b"`, `'a"b'`, `"`, `'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		defer fuzzguard.Watch([]byte(word))()
		for _, escape := range []rune{'\\', '`'} {
			text, ok := quoted(word, escape)
			if !ok {
				continue
			}
			lex := bkshell.NewLex(escape)
			r, err := lex.ProcessWordWithMatches(word, newEnv(nil, false))
			if err != nil || r.Result != text {
				t.Fatalf("quoted(%q, %q) = %q; the lexer reads %q, %v", word, escape, text, r.Result, err)
			}
		}
	})
}

// TestQuotedTaken checks that plain quoted values are read without the
// lexer (else expand would be right but no faster).
func TestQuotedTaken(t *testing.T) {
	for _, w := range []string{`"two words"`, `'$HOME is literal'`, `"/usr/local/bin:/usr/bin"`} {
		if _, ok := quoted(w, '\\'); !ok {
			t.Errorf("quoted(%q) leaves it to the lexer", w)
		}
	}
}

// FuzzPlainVars checks the adapter's expansion of words with plain
// variable references against BuildKit's lexer, which it stands in for:
// whatever plainVars expands, the lexer expands alike, with either escape
// character, values known, unknown (in part) and unset, undeclared names
// unknown or empty.
func FuzzPlainVars(f *testing.F) {
	for _, s := range []string{"$A", "${A}", "x${A}y$B:z", "$PATH:/usr/local/bin", "${UNSET}/x", "$", "${", "${A", "${A:-x}", "$1", "$_a9", "${_}",
		"$A$B", "a<b", "$A<<EOF", "$é", "${A}é", "$A b", "$A\\b", "$A`b", "'$A'", "\"$A\"", "$$", "$-", "${}", "${1}", "$A}", "{$A}", "$Part", "pre-$A-post"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		defer fuzzguard.Watch([]byte(word))()
		for _, unsetEmpty := range []bool{false, true} {
			e := newEnv(nil, unsetEmpty)
			e.set("A", model.Str{V: "a1", P: model.Known})
			e.set("B", model.Str{V: "", P: model.Known})
			e.set("PATH", model.Str{V: "/bin:/usr/bin", P: model.Known})
			e.set("Part", model.Str{P: model.Unknown, Partial: "v" + shell.Unknown})
			e.set("U", model.Str{P: model.Unknown})
			for _, escape := range []rune{'\\', '`'} {
				text, ok := e.plainVars(word, escape)
				if !ok {
					continue
				}
				lex := bkshell.NewLex(escape)
				r, err := lex.ProcessWordWithMatches(word, e)
				if err != nil || r.Result != text {
					t.Fatalf("plainVars(%q, %q) = %q; the lexer reads %q, %v", word, escape, text, r.Result, err)
				}
			}
		}
	})
}

// TestPlainVarsTaken checks that words with plain variable references are
// expanded without the lexer (else expand would be right but no faster).
func TestPlainVarsTaken(t *testing.T) {
	e := newEnv(nil, false)
	for _, w := range []string{"${BASE_IMAGE}", "$PATH:/usr/local/bin", "node:${NODE_VERSION}-alpine", "$HOME/.local"} {
		if _, ok := e.plainVars(w, '\\'); !ok {
			t.Errorf("plainVars(%q) leaves it to the lexer", w)
		}
	}
}
