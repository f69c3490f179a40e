package scan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestFindingsHeld checks what a scan's result holds per finding (issue 9,
// point 11): 300 byte-distinct copies of a Dockerfile with many findings,
// as a repository of many similar services is. A finding shares its
// strings with the others (the same message, rule and resource) and holds
// no part of its file's parse: each once held its own message, a 64-byte
// fingerprint and, through a stage name, a line of the BuildKit parser,
// 605 bytes in all (383 once its strings were shared; 337 now that a
// finding points to what it shares with the findings of its rule and of
// its resource).
func TestFindingsHeld(t *testing.T) {
	dir := t.TempDir()
	const copies = 300
	for i := range copies {
		d := filepath.Join(dir, fmt.Sprintf("svc%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprintf("FROM ubuntu AS build-stage-with-a-long-name\nRUN apt-get update && apt-get install -y curl wget git\nRUN curl -k https://example.com/install.sh | sh\nADD https://example.com/app.tar.gz /app/\nENV API_TOKEN=abc\nUSER root\nEXPOSE 22\n# copy %d\n", i)
		if err := os.WriteFile(filepath.Join(d, "Dockerfile"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	base := fuzzguard.HeapBytes()
	res, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	held := int64(fuzzguard.HeapBytes()) - int64(base)
	n := len(res.Findings) + len(res.Suppressed)
	if n < 5*copies {
		t.Fatalf("%d findings, want at least %d", n, 5*copies)
	}
	per := held / int64(n)
	t.Logf("%d findings of %d files: the result holds %.2f MB, %d bytes per finding", n, copies, float64(held)/(1<<20), per)
	runtime.KeepAlive(res)
	if per > 380 {
		t.Errorf("the result holds %d bytes per finding, over 380", per)
	}
}
