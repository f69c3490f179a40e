package inputs

import (
	"os"
	"path/filepath"
	"reflect"
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
	if err := os.WriteFile(filepath.Join(root, ".hadolint.yaml"), []byte("trustedRegistries:\n  - quay.io\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "svc", "api")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := hadolintTrusted(filepath.Join(sub, "Dockerfile")); !reflect.DeepEqual(got, []string{"quay.io"}) {
		t.Errorf("trusted %v", got)
	}
	if got := hadolintTrusted("<stdin>"); got != nil {
		t.Errorf("stdin: %v", got)
	}
}
