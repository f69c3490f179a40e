package inputs

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

func TestDockerfileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "dockerfile": true, "Containerfile": true, "app/Dockerfile.prod": true,
		"Dockerfile-prod": true, "Dockerfile_arm": true, "api.Dockerfile": true, "build/web.dockerfile": true,
		"Dockerfile.dockerignore": false, "dockerfile.go": false, "Dockerfile.md": false, "Dockerfiles": false,
		"README.md": false, "template.yaml": false,
	} {
		if got := dockerfileName(name); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

func TestHadolintTrustedFoundUpward(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".hadolint.yaml"), []byte("ignored: [DL3008]\ntrustedRegistries:\n  - quay.io\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "svc", "api")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got := hadolintConfig(filepath.Join(sub, "Dockerfile"), nil, &sync.Map{})
	if !reflect.DeepEqual(got.TrustedRegistries, []string{"quay.io"}) || !reflect.DeepEqual(got.Ignored, []string{"DL3008"}) {
		t.Errorf("settings %+v", got)
	}
	if got := hadolintConfig("<stdin>", nil, nil); got.TrustedRegistries != nil {
		t.Errorf("stdin: %v", got)
	}
}

// TestHadolintCache checks the per-scan cache of .hadolint.yaml settings:
// a directory's settings, and its parents', are read once and kept for the
// scan (a file removed later is not looked for again), and a scan without
// a cache reads afresh.
func TestHadolintCache(t *testing.T) {
	root := t.TempDir()
	cfg := filepath.Join(root, ".hadolint.yaml")
	if err := os.WriteFile(cfg, []byte("trustedRegistries: [quay.io]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b", "c")
	for _, d := range []string{a, b} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	memo := &sync.Map{}
	first := hadolintConfig(filepath.Join(a, "Dockerfile"), nil, memo)
	if !reflect.DeepEqual(first.TrustedRegistries, []string{"quay.io"}) {
		t.Fatalf("settings %+v", first)
	}
	cache, ok := memo.Load(hadolintMemo)
	if !ok {
		t.Fatal("no cache in the memo")
	}
	if got := len(cache.(*hadolintDirs).dirs); got < 2 {
		t.Errorf("%d directories cached, want the Dockerfile's and its parent's", got)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	if got := hadolintConfig(filepath.Join(b, "Dockerfile"), nil, memo); got != first {
		t.Errorf("a sibling directory's settings %+v, want the cached %+v", got, first)
	}
	if got := hadolintConfig(filepath.Join(b, "Dockerfile"), nil, nil); got.TrustedRegistries != nil {
		t.Errorf("uncached settings %+v after the file was removed", got)
	}
}
