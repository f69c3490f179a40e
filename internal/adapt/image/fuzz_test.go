package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/imagetest"
)

// layerSeeds are layers the walker must handle: whiteouts, opaque
// directories, names leaving the layer, hard links out of it, symlink
// loops, credential files, setuid files, caches, a truncated gzip stream.
func layerSeeds() map[string][]byte {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	E := func(name, body string) imagetest.Entry { return imagetest.Entry{Name: name, Body: body} }
	full := imagetest.Tar(
		E("etc/", ""), E("etc/shadow", "root::1:0:::::\n"), imagetest.Entry{Name: "usr/bin/su", Body: "x", Mode: 0o6755},
		E("root/.npmrc", imagetest.NPMRC), E("root/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nx\n"),
		E("var/lib/apt/lists/x_Packages", "pkg"), E("home/app/.cache/pip/http/a", "whl"), E("src/.git/HEAD", "ref"),
		E("opt/.wh..wh..opq", ""), E("tmp/.wh.gone", ""),
		imagetest.Entry{Name: "link", Link: "root/.npmrc", Type: tar.TypeLink},
		imagetest.Entry{Name: "out", Link: "../../etc/passwd", Type: tar.TypeLink},
		imagetest.Entry{Name: "loop1", Link: "loop2", Type: tar.TypeSymlink},
		imagetest.Entry{Name: "loop2", Link: "loop1", Type: tar.TypeSymlink},
		E("/abs/name", "x"), E("../../../escape", "x"), E("a/../../b", "x"),
	)
	return map[string][]byte{
		"plain-tar":      full,
		"gzip":           gz(full),
		"truncated-gzip": gz(full)[:len(gz(full))/2],
		"empty":          {},
		"only-end":       make([]byte, 1024),
		"garbage":        []byte(strings.Repeat("not a tar ", 100)),
	}
}

// FuzzWalkLayer streams arbitrary bytes as a layer: the walker must return
// a result or an error, never panic, and keep only cleaned names.
func FuzzWalkLayer(f *testing.F) {
	for _, s := range layerSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		w := newWalker()
		_, _ = w.layer(layerStream{index: 0, r: bytes.NewReader(data)})
		_, _ = w.layer(layerStream{index: 1, r: bytes.NewReader(data), diffID: "sha256:00"})
		for _, f := range w.files {
			if f.Kind != "unsafe-name" && (strings.HasPrefix(f.Path, "/") || strings.Contains("/"+f.Path+"/", "/../")) {
				t.Fatalf("uncleaned path %q", f.Path)
			}
		}
		w.emptyPasswords()
	})
}

// TestWriteFuzzSeeds writes the seeds to testdata/fuzz when
// SHIPSHAPE_WRITE_SEEDS is set, so that the corpus is committed.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("SHIPSHAPE_WRITE_SEEDS") == "" {
		t.Skip("set SHIPSHAPE_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzWalkLayer")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzWalkLayer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range layerSeeds() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWalkerOnSeeds(t *testing.T) {
	w := newWalker()
	if _, err := w.layer(layerStream{index: 0, r: bytes.NewReader(layerSeeds()["gzip"])}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range w.files {
		got[string(f.Kind)+" "+f.Path] = true
	}
	for _, want := range []string{"credential root/.npmrc", "credential root/.ssh/id_rsa", "credential link", "setuid usr/bin/su",
		"package-cache var/lib/apt/lists", "package-cache home/app/.cache/pip", "leftover src/.git"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if w.unsafe != 4 {
		t.Errorf("unsafe names: %d (%s)", w.unsafe, w.unsafeName)
	}
	if _, err := w.layer(layerStream{index: 1, r: bytes.NewReader(layerSeeds()["truncated-gzip"])}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated gzip: %v", err)
	}
}
