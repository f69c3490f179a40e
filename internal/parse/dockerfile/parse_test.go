package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/shipshape/shipshape/internal/corpus"
)

// describe writes everything a parse gives that shipshape may read: the
// tree with each node's lines, text, flags, comments and heredocs, the
// warnings, the escape token, or the error with its location.
func describe(res *parser.Result, err error) string {
	if err != nil {
		var le *parser.LocationError
		loc := ""
		if errors.As(err, &le) {
			loc = fmt.Sprint(le.Locations)
		}
		return "error " + loc + ": " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "escape %q root %d-%d warnings %d\n", res.EscapeToken, res.AST.StartLine, res.AST.EndLine, len(res.Warnings))
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning %q %v\n", w.Short, w.Location)
	}
	for _, c := range res.AST.Children {
		fmt.Fprintf(&b, "%d-%d %q %q %q %v %q\n", c.StartLine, c.EndLine, c.Original, c.Dump(), c.PrevComment, c.Attributes, c.Flags)
		for _, h := range c.Heredocs {
			fmt.Fprintf(&b, "  heredoc %+v\n", h)
		}
	}
	return b.String()
}

// same fails when Parse and BuildKit's parser.Parse disagree on data.
func same(t *testing.T, name string, data []byte) {
	t.Helper()
	want := describe(parser.Parse(bytes.NewReader(data)))
	got := describe(Parse(data))
	if got != want {
		t.Errorf("%s: Parse differs from parser.Parse\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

var cases = map[string]string{
	"one line":            "FROM alpine\nRUN echo hi\n",
	"continued":           "FROM alpine\nRUN apk add \\\n    curl \\\n    git\nUSER app\n",
	"crlf":                "FROM alpine\r\nRUN a \\\r\n  b\r\n",
	"no final newline":    "FROM alpine\nRUN a \\\n b",
	"ends continued":      "FROM alpine\nRUN a \\\n",
	"ends escaped blank":  "FROM alpine\nRUN a\\ \\\n",
	"comment inside":      "FROM alpine\nRUN a \\\n# note\n  && b\n",
	"empty continuation":  "FROM alpine\nRUN a \\\n\n  b\n",
	"blank continuation":  "FROM alpine\nRUN a \\\n   \t\n  b\n",
	"escaped escape":      "FROM alpine\nRUN echo a\\\\\nRUN b\n",
	"escape alone":        "FROM alpine\nRUN a \\\n\\\nb\n",
	"first line escape":   "FROM alpine\n  \\\n  RUN a\n",
	"trailing blanks":     "FROM alpine\nRUN a \\  \t\n b\n",
	"tab before escape":   "FROM alpine\nRUN a\t\\\n b\n",
	"comments before":     "# syntax=docker/dockerfile:1\n# hello\n\n  # indented\nFROM alpine\n#\n# c\nRUN a \\\n b\n",
	"escape directive":    "# escape=`\nFROM alpine\nRUN a `\n b\n",
	"indented directive":  "  # escape=`\nFROM alpine\nRUN a `\n b\n",
	"escape after other":  "# syntax=x\n# escape=`\nFROM alpine\nRUN a `\n b \\\n c\n",
	"duplicate directive": "# syntax=x\n# syntax=y\nFROM alpine\n",
	"late escape":         "FROM alpine\n# escape=`\nRUN a \\\n b\n",
	"bom":                 "\xef\xbb\xbfFROM alpine\nRUN a \\\n b\n",
	"heredoc":             "FROM alpine\nRUN <<EOF\na \\\nb\nEOF\nRUN c \\\n d\n",
	"onbuild":             "FROM alpine\nONBUILD RUN a \\\n  b\n",
	"json run":            "FROM alpine\nRUN [\"a\", \\\n \"b\"]\n",
	"flags":               "FROM alpine\nCOPY --chown=a:b \\\n  src dst\n",
	"bad json flags":      "FROM alpine\nHEALTHCHECK --interval=\\\n",
	"unknown instruction": "FROM alpine\nFOO a \\\n b\n",
	"no instructions":     "# only\n\n",
	"empty":               "",
	"multibyte":           "FROM alpine\nRUN echo é\\\n ü\n",
	"invalid utf8":        "FROM alpine\nRUN echo \xff\\\n \xfe\n",
	"carriage only":       "FROM alpine\rRUN a \\\r b\n",
	"error":               "FROM alpine\nRUN a \\\n b\nHEALTHCHECK --interval=1s \\\n  CMD\n",
	"long":                "FROM alpine\nRUN a \\\n" + strings.Repeat("  b"+strings.Repeat("x", 1000)+" \\\n", 70) + "  c\n",
	"arg env":             "ARG A=1 \\\n  B=2\nFROM alpine\nENV C=3 \\\n    D=4\nLABEL a=b \\\n c=d\n",
	"space before hash":   "FROM alpine\nRUN a \\\n   # not a comment? \\\n b\n",
}

func TestParseSameAsBuildKit(t *testing.T) {
	for name, src := range cases {
		same(t, name, []byte(src))
	}
}

// TestJoins checks that the fast path is taken where it should be.
func TestJoins(t *testing.T) {
	for name, want := range map[string]bool{
		"continued": true, "crlf": true, "comment inside": true, "comments before": true,
		"heredoc": false, "escape directive": false, "indented directive": false, "bom": false,
		"ends continued": false, "empty continuation": false, "first line escape": false,
		"late escape": true,
	} {
		if _, _, ok := join([]byte(cases[name])); ok != want {
			t.Errorf("%s: joined %v, want %v", name, ok, want)
		}
	}
}

// TestCorpusSameAsBuildKit parses every Dockerfile of the fixtures and the
// corpus both ways.
func TestCorpusSameAsBuildKit(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../rules/dockerfile/testdata/*/*", "../../scan/testdata/hostile/*Dockerfile*", "../../adapt/image/testdata/*"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	if root := corpus.Root(); root != "" && !testing.Short() {
		files = append(files, corpus.Files(t, filepath.Join(root, "dockerfile"))...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		same(t, f, data)
	}
}

func FuzzParseSameAsBuildKit(f *testing.F) {
	for _, src := range cases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		same(t, "input", data)
	})
}
