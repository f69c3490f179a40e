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

// TestImageKey: the ways to write one image name the same local image; a
// digest names a pulled one.
func TestImageKey(t *testing.T) {
	same := []string{"myproject-base", "myproject-base:latest", "docker.io/library/myproject-base", "docker.io/library/myproject-base:latest"}
	want, ok := imageKey(same[0])
	if !ok {
		t.Fatalf("imageKey(%q) not ok", same[0])
	}
	for _, ref := range same[1:] {
		if got, ok := imageKey(ref); !ok || got != want {
			t.Errorf("imageKey(%q) = %q, %t; want %q", ref, got, ok, want)
		}
	}
	if got, _ := imageKey("myproject-base:2.0"); got == want {
		t.Errorf("another tag names the same image: %q", got)
	}
	if _, ok := imageKey("myproject-base@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a"); ok {
		t.Error("a digest names a local image")
	}
}
