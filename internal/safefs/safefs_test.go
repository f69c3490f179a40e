//go:build unix

package safefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadFileOnlyRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, p := range []string{fifo, "/dev/zero", dir} {
		if _, err := ReadFile(p, 1<<20); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(%s) = %v, want ErrNotRegular", p, err)
		}
	}
}

func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	write(t, p, "0123456789")
	if data, err := ReadFile(p, 10); err != nil || string(data) != "0123456789" {
		t.Errorf("ReadFile at the limit = %q, %v", data, err)
	}
	if _, err := ReadFile(p, 9); !IsTooLarge(err) {
		t.Errorf("ReadFile over the limit = %v, want TooLargeError", err)
	}
}

func TestBoundary(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(repo, "modules", "m", "name.txt"), "inside")
	write(t, filepath.Join(root, "other", "secret.txt"), "outside")
	if err := os.MkdirAll(filepath.Join(repo, "envs", "prod"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../../other/secret.txt", filepath.Join(repo, "envs", "prod", "leak")); err != nil {
		t.Fatal(err)
	}
	b := NewBoundary([]string{filepath.Join(repo, "envs", "prod")})
	if got, err := b.ReadFile(filepath.Join(repo, "envs", "prod", "..", "..", "modules", "m", "name.txt"), 0); err != nil || string(got) != "inside" {
		t.Errorf("read inside the work tree = %q, %v", got, err)
	}
	for _, p := range []string{filepath.Join(root, "other", "secret.txt"), filepath.Join(repo, "envs", "prod", "leak"), "/etc/hostname"} {
		if _, err := b.ReadFile(p, 0); !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%s) = %v, want ErrOutside", p, err)
		}
	}
	// Outside git, the scanned path is the boundary.
	nogit := NewBoundary([]string{filepath.Join(root, "other")})
	if _, err := nogit.ReadFile(filepath.Join(repo, "modules", "m", "name.txt"), 0); !errors.Is(err, ErrOutside) {
		t.Errorf("read beside a scanned path outside git = %v, want ErrOutside", err)
	}
	// A nil boundary confines nothing.
	var none *Boundary
	if _, err := none.ReadFile(filepath.Join(root, "other", "secret.txt"), 0); err != nil {
		t.Errorf("nil boundary: %v", err)
	}
}

func TestWriteFileReplacesSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	write(t, target, "precious")
	link := filepath.Join(dir, "report.txt")
	if err := os.Symlink("target.txt", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "precious" {
		t.Errorf("target = %q, written through the symlink", got)
	}
	if info, err := os.Lstat(link); err != nil || !info.Mode().IsRegular() {
		t.Errorf("report.txt is not a regular file: %v", err)
	}
	// A failed write leaves the old file.
	if err := WriteFile(target, func(w io.Writer) error { return errors.New("boom") }); err == nil {
		t.Error("no error from a failed write")
	}
	if got, _ := os.ReadFile(target); string(got) != "precious" {
		t.Errorf("a failed write changed the file: %q", got)
	}
}

// TestResolveAsEvalSymlinks checks that Resolve, which resolves directories
// once and files with one Lstat, gives what filepath.EvalSymlinks gives.
func TestResolveAsEvalSymlinks(t *testing.T) {
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "a", "b", "f.txt"), "x")
	write(t, filepath.Join(root, "c", "g.txt"), "y")
	for link, target := range map[string]string{
		"a/lb":       "b",           // a directory symlink
		"a/b/lf":     "f.txt",       // a file symlink
		"a/b/lc":     "../../c",     // a directory elsewhere
		"a/b/chain":  "lf",          // a symlink to a symlink
		"a/b/dangle": "missing.txt", // a dangling symlink
		"a/b/abs":    root + "/c",   // an absolute target
		"a/b/up":     "../lb/lc/..", // through symlinks and ..
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	b := &Boundary{roots: []string{root}}
	for _, p := range []string{"a/b/f.txt", "a/lb/f.txt", "a/lb/lf", "a/b/lc/g.txt", "a/lb/lc/g.txt", "a/b/chain", "a/b/dangle",
		"a/b/abs/g.txt", "a/b/up", "a/b/up/lb/f.txt", "a/lb/missing", "a/lb/lc/missing/x", "a/b", "a/lb", "."} {
		for i := 0; i < 2; i++ { // cold, then with the directories cached
			want, werr := filepath.EvalSymlinks(filepath.Join(root, p))
			got, gerr := b.Resolve(filepath.Join(root, p))
			if got != want || (werr == nil) != (gerr == nil) {
				t.Errorf("Resolve(%s) = %q, %v; EvalSymlinks gives %q, %v", p, got, gerr, want, werr)
			}
		}
	}
}

// A remembered listing answers lookups in its directory: a name it lacks
// does not exist (no system call is made, so a file created afterwards is
// not seen), a listed symlink is still resolved and confined, and a listed
// file or directory reads as before.
func TestRememberedListing(t *testing.T) {
	repo := t.TempDir()
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(repo, "app", "Dockerfile"), "FROM alpine\n")
	write(t, filepath.Join(repo, "app", "ctx", "a.txt"), "a")
	outside := filepath.Join(t.TempDir(), "secret.txt")
	write(t, outside, "outside")
	if err := os.Symlink(outside, filepath.Join(repo, "app", "leak")); err != nil {
		t.Fatal(err)
	}
	b := NewBoundary([]string{repo})
	app := filepath.Join(repo, "app")
	entries, err := os.ReadDir(app)
	if err != nil {
		t.Fatal(err)
	}
	b.RememberListing(app, entries)
	write(t, filepath.Join(app, ".hadolint.yaml"), "ignored: [DL3008]\n") // after the listing

	if _, err := b.ReadNearby(filepath.Join(app, ".hadolint.yaml"), 1<<20); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadNearby of a name the listing lacks = %v, want not exist", err)
	}
	if !b.Lacks(app, ".hadolint.yaml", ".hadolint.yml") || b.Lacks(app, ".hadolint.yml", "Dockerfile") || b.Lacks(repo, ".hadolint.yaml") {
		t.Errorf("Lacks: a listed directory lacks the names its listing lacks, has those it has; an unlisted one is not known to lack anything")
	}
	type lacker interface{ Lacks(...string) bool }
	if l, ok := b.FS(app).(lacker); !ok || !l.Lacks(".hadolint.yaml", "go.mod") || l.Lacks("go.mod", "Dockerfile") {
		t.Errorf("FS(app).Lacks: the names its listing lacks, not those it has")
	}
	if l := b.FS(repo).(lacker); l.Lacks(".hadolint.yaml") {
		t.Errorf("FS of an unlisted directory is not known to lack anything")
	}
	if _, err := b.Resolve(filepath.Join(app, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Resolve of a name the listing lacks = %v, want not exist", err)
	}
	if data, err := b.ReadFile(filepath.Join(app, "Dockerfile"), 1<<20); err != nil || string(data) != "FROM alpine\n" {
		t.Errorf("ReadFile of a listed file = %q, %v", data, err)
	}
	if _, err := b.ReadFile(filepath.Join(app, "leak"), 1<<20); !errors.Is(err, ErrOutside) {
		t.Errorf("ReadFile of a listed symlink leading outside = %v, want ErrOutside", err)
	}
	if typ, err := b.Type(filepath.Join(app, "leak")); err != nil || typ&fs.ModeSymlink == 0 {
		t.Errorf("Type of a listed symlink = %v, %v", typ, err)
	}
	// ReadDir of a listed directory answers from the listing, and its
	// entries' Info asks the system.
	entries, err = b.ReadDir(app)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if e.Name() == "Dockerfile" {
			if info, err := e.Info(); err != nil || info.Size() != int64(len("FROM alpine\n")) || e.IsDir() {
				t.Errorf("Info of a listed file = %v, %v", info, err)
			}
		}
	}
	if strings.Join(names, " ") != "Dockerfile ctx leak" {
		t.Errorf("ReadDir of a listed directory = %v, want the listing (Dockerfile ctx leak)", names)
	}
	ctx := b.FS(app)
	if _, err := fs.ReadDir(ctx, "ctx"); err != nil {
		t.Errorf("ReadDir of a listed directory through FS: %v", err)
	}
	if _, err := fs.Stat(ctx, "package.json"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat through FS of a name the listing lacks = %v, want not exist", err)
	}
	// Another directory, not listed, is still asked of the system.
	write(t, filepath.Join(repo, "other", ".hadolint.yaml"), "ignored: []\n")
	if _, err := b.ReadNearby(filepath.Join(repo, "other", ".hadolint.yaml"), 1<<20); err != nil {
		t.Errorf("ReadNearby in a directory never listed: %v", err)
	}
}

// Abs joins a relative path to the working directory of NewBoundary.
func TestBoundaryAbs(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	b := NewBoundary([]string{"."})
	if got, _ := b.Abs("a/../b"); got != filepath.Join(wd, "b") {
		t.Errorf("Abs(a/../b) = %q, want %q", got, filepath.Join(wd, "b"))
	}
	if got, _ := b.Abs("/x/./y"); got != "/x/y" {
		t.Errorf("Abs(/x/./y) = %q", got)
	}
	var none *Boundary
	if got, _ := none.Abs("b"); got != filepath.Join(wd, "b") {
		t.Errorf("nil Boundary Abs(b) = %q", got)
	}
}
