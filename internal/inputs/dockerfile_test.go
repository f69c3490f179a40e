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
