package discover

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tree writes files (path -> content) under a new temporary directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// rel lists found paths relative to root, with slashes.
func rel(t *testing.T, root string, files []File) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		r, err := filepath.Rel(root, f.Path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestWalk(t *testing.T) {
	root := tree(t, map[string]string{
		"template.yaml":                  "",
		".aws/task-definition.json":      "",
		".github/workflows/deploy.yml":   "",
		".hidden.yaml":                   "",
		".git/config":                    "",
		".git/hooks/x.yaml":              "",
		"node_modules/pkg/template.yaml": "",
		"vendor/mod/main.tf":             "",
		".terraform/modules/m/main.tf":   "",
		"app/vendor/x.yaml":              "",
		"app/Dockerfile":                 "",
		"app/build/out.yaml":             "",
		"app/secret.env":                 "",
		"app/.gitignore":                 "build/\n# comment\n\n*.env\r\n!keep.env\n",
		"app/keep.env":                   "",
		"logs/a.log":                     "",
		"logs/sub/b.log":                 "",
		".gitignore":                     "*.log\n/top-only.yaml\n",
		"top-only.yaml":                  "",
		"deep/top-only.yaml":             "",
		"vendored.yaml":                  "",
	})
	files, errs := Walk([]string{root}, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	want := []string{
		".aws/task-definition.json",
		".github/workflows/deploy.yml",
		".gitignore",
		".hidden.yaml",
		"app/.gitignore",
		"app/Dockerfile",
		"app/keep.env",
		"deep/top-only.yaml",
		"template.yaml",
		"vendored.yaml",
	}
	if got := rel(t, root, files); !reflect.DeepEqual(got, want) {
		t.Errorf("found\n %q\nwant\n %q", got, want)
	}
	for _, f := range files {
		if f.Explicit {
			t.Errorf("%s is explicit though found in a walk", f.Path)
		}
	}
}

func TestWalkWantedAndExclude(t *testing.T) {
	root := tree(t, map[string]string{
		"a.yaml":        "",
		"b.txt":         "",
		"sub/c.yaml":    "",
		"tests/d.yaml":  "",
		"sub/tests.txt": "",
	})
	files, _ := Walk([]string{root}, Options{
		Exclude: []string{"tests/"},
		Wanted:  func(p string) bool { return strings.HasSuffix(p, ".yaml") },
	})
	want := []string{"a.yaml", "sub/c.yaml"}
	if got := rel(t, root, files); !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// Exclude patterns match paths relative to the walked directory and to the
// working directory, so a config's "legacy/**" holds in `scan legacy` too.
func TestWalkExcludeFromWorkingDirectory(t *testing.T) {
	root := tree(t, map[string]string{
		"legacy/a.yaml":     "",
		"legacy/sub/b.yaml": "",
		"app/c.yaml":        "",
	})
	t.Chdir(root)
	for _, dir := range []string{".", "legacy", "./legacy/", filepath.Join(root, "legacy"), "app"} {
		files, _ := Walk([]string{dir}, Options{Exclude: []string{"legacy/**"}})
		for _, f := range files {
			if strings.Contains(filepath.ToSlash(f.Path), "legacy/") {
				t.Errorf("Walk(%s) found %s, excluded by legacy/**", dir, f.Path)
			}
		}
		if dir == "." && len(files) != 1 {
			t.Errorf("Walk(.) found %+v, want only app/c.yaml", files)
		}
	}
	// Relative to the walked directory as before.
	files, _ := Walk([]string{"legacy"}, Options{Exclude: []string{"sub/"}})
	if got := rel(t, "legacy", files); !reflect.DeepEqual(got, []string{"a.yaml"}) {
		t.Errorf("found %q, want [a.yaml]", got)
	}
}

func TestWalkExplicitFilesAndErrors(t *testing.T) {
	root := tree(t, map[string]string{
		"notes.txt":  "",
		"ignored.md": "",
		".gitignore": "*.md\n",
		"x/a.yaml":   "",
	})
	explicit := filepath.Join(root, "ignored.md")
	missing := filepath.Join(root, "missing.yaml")
	files, errs := Walk([]string{explicit, missing, filepath.Join(root, "x"), explicit, root},
		Options{Wanted: func(p string) bool { return strings.HasSuffix(p, ".yaml") }})
	if len(errs) != 1 || !os.IsNotExist(errs[0]) {
		t.Errorf("errors %v, want one not-exist error", errs)
	}
	// The explicit file is read whatever its name and its .gitignore; files
	// reached twice are listed once.
	want := []File{{Path: explicit, Explicit: true}, {Path: filepath.Join(root, "x", "a.yaml")}}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("found %+v, want %+v", files, want)
	}
}

func TestWalkSymlinks(t *testing.T) {
	root := tree(t, map[string]string{"real/a.yaml": "", "other/b.yaml": ""})
	if err := os.Symlink(filepath.Join(root, "real", "a.yaml"), filepath.Join(root, "link.yaml")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	// A link to a directory (here, a cycle) is not followed.
	if err := os.Symlink(root, filepath.Join(root, "real", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "gone"), filepath.Join(root, "dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	files, errs := Walk([]string{root}, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors %v", errs)
	}
	want := []string{"link.yaml", "other/b.yaml", "real/a.yaml"}
	if got := rel(t, root, files); !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

func TestNestedGitignoreScoped(t *testing.T) {
	// A pattern in a subdirectory's .gitignore applies below it only.
	root := tree(t, map[string]string{
		"a/.gitignore": "*.yaml\n",
		"a/x.yaml":     "",
		"a/b/y.yaml":   "",
		"c/z.yaml":     "",
	})
	files, _ := Walk([]string{root}, Options{Wanted: func(p string) bool { return strings.HasSuffix(p, ".yaml") }})
	want := []string{"c/z.yaml"}
	if got := rel(t, root, files); !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestGitignoreAboveRoot checks that scanning a subdirectory of a repository
// honours the .gitignore files above it, as git does, and only inside the
// repository.
func TestGitignoreAboveRoot(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":                    "ref: refs/heads/main\n",
		".gitignore":                   "*.generated.yaml\n/infra/build/\n",
		"infra/.gitignore":             "tmp/\n",
		"infra/stack.yaml":             "a",
		"infra/stack.generated.yaml":   "a",
		"infra/build/out.yaml":         "a",
		"infra/app/tmp/x.yaml":         "a",
		"infra/app/task.yaml":          "a",
		"infra/app/build/kept.yaml":    "a",
		"infra/app/y.generated.yaml":   "a",
		"other/infra/build/other.yaml": "a",
	})
	sub := filepath.Join(root, "infra", "app")
	files, errs := Walk([]string{sub}, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := rel(t, sub, files)
	want := []string{"build/kept.yaml", "task.yaml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scan of infra/app found %v, want %v", got, want)
	}
	files, _ = Walk([]string{filepath.Join(root, "infra")}, Options{})
	got = rel(t, filepath.Join(root, "infra"), files)
	want = []string{".gitignore", "app/build/kept.yaml", "app/task.yaml", "stack.yaml"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scan of infra found %v, want %v", got, want)
	}
}

// TestUnreadableFolder checks that a folder that cannot be read is an error
// for that folder and that the walk goes on (issue 9, point 8).
func TestUnreadableFolder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"aaa/x.yaml", "zzz/t.json"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func(orig func(string) ([]os.DirEntry, error)) { readDir = orig }(readDir)
	readDir = func(d string) ([]os.DirEntry, error) {
		if filepath.Base(d) == "aaa" {
			return nil, &os.PathError{Op: "open", Path: d, Err: os.ErrPermission}
		}
		return os.ReadDir(d)
	}
	files, errs := Walk([]string{dir}, Options{})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "aaa") {
		t.Errorf("errors %v, want one for aaa", errs)
	}
	if len(files) != 1 || filepath.Base(files[0].Path) != "t.json" {
		t.Errorf("files %v, want zzz/t.json", files)
	}
}

// TestVirtualFS checks that /proc is not walked.
func TestVirtualFS(t *testing.T) {
	files, errs := Walk([]string{"/proc"}, Options{})
	if len(files) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrVirtual) {
		t.Errorf("files %d, errors %v; want none and ErrVirtual", len(files), errs)
	}
}

// TestNamedDirectoryIgnoredAbove checks that a directory named to Walk is
// walked even when a .gitignore above it excludes it, while the patterns
// that match files inside it still apply.
func TestNamedDirectoryIgnoredAbove(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		".gitignore":        "build/\n*.tmp.yaml\n",
		"build/out.yaml":    "a",
		"build/x.tmp.yaml":  "a",
		"build/sub/z.yaml":  "a",
		"src/kept.yaml":     "a",
		"src/build/o.yaml":  "a",
		"src/gen/y.tmp.yml": "a",
	})
	dir := filepath.Join(root, "build")
	files, _ := Walk([]string{dir}, Options{})
	if got, want := rel(t, dir, files), []string{"out.yaml", "sub/z.yaml"}; !reflect.DeepEqual(got, want) {
		t.Errorf("walk of the ignored build found %v, want %v", got, want)
	}
	var skipped Skipped
	files, _ = Walk([]string{root}, Options{Skipped: &skipped, Wanted: func(p string) bool { return strings.Contains(p, ".y") }})
	if got, want := rel(t, root, files), []string{"src/gen/y.tmp.yml", "src/kept.yaml"}; !reflect.DeepEqual(got, want) {
		t.Errorf("walk of the repository found %v, want %v", got, want)
	}
	if skipped.Dirs != 2 || skipped.Files != 0 || len(skipped.Reasons) != 1 || !strings.HasSuffix(skipped.Reasons[0], ".gitignore: build/") {
		t.Errorf("skipped %+v, want 2 directories by .gitignore: build/", skipped)
	}
	files, _ = Walk([]string{root}, Options{NoIgnore: true})
	if got := rel(t, root, files); len(got) != 7 { // all but .git/HEAD
		t.Errorf("walk with NoIgnore found %v, want every file", got)
	}
}

// Listed receives the whole listing of each directory walked, ignored names
// included, and not that of a directory never entered.
func TestWalkListed(t *testing.T) {
	root := tree(t, map[string]string{
		".gitignore":              "build/\n*.tmp\n",
		"app/Dockerfile":          "FROM alpine\n",
		"app/x.tmp":               "",
		"build/Dockerfile":        "FROM alpine\n",
		"node_modules/Dockerfile": "FROM alpine\n",
	})
	listed := map[string][]string{}
	Walk([]string{root}, Options{Listed: func(dir string, entries []os.DirEntry) {
		r, _ := filepath.Rel(root, dir)
		for _, e := range entries {
			listed[filepath.ToSlash(r)] = append(listed[filepath.ToSlash(r)], e.Name())
		}
	}})
	want := map[string][]string{
		".":   {".gitignore", "app", "build", "node_modules"},
		"app": {"Dockerfile", "x.tmp"},
	}
	if !reflect.DeepEqual(listed, want) {
		t.Errorf("listed = %v, want %v", listed, want)
	}
}
