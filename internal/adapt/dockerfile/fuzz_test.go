package dockerfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shipshape/shipshape/internal/fuzzguard"
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
