package imagetest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite examples/image/app.tar")

// TestExample keeps examples/image/app.tar, the image the README's
// shipshape image sample reads, equal to Insecure() as a docker save
// tarball.
func TestExample(t *testing.T) {
	p := filepath.Join(t.TempDir(), "app.tar")
	if err := WriteTarball(p, "example.com/app:1.4", Insecure()); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	example := filepath.Join("..", "..", "examples", "image", "app.tar")
	if *update {
		if err := os.WriteFile(example, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the tarball of imagetest.Insecure(); run go test ./internal/imagetest -update", example)
	}
}
