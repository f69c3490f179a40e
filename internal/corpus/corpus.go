// Package corpus locates the shared real-world corpus (../shared/corpus from
// the repository root, or $SHIPSHAPE_CORPUS) for robustness tests and
// benchmarks, which skip when it is absent.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the corpus directory, or "" when there is none.
func Root() string {
	if env := os.Getenv("SHIPSHAPE_CORPUS"); env != "" {
		return env
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "corpus")
			if info, err := os.Stat(c); err == nil && info.IsDir() {
				return c
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir returns the corpus folder of one input kind ("cloudformation",
// "dockerfile", "terraform", "taskdef", "kubernetes"), skipping the test or
// benchmark when it is absent.
func Dir(tb testing.TB, kind string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skip("corpus not found (../shared/corpus or $SHIPSHAPE_CORPUS)")
	}
	d := filepath.Join(root, kind)
	if _, err := os.Stat(d); err != nil {
		tb.Skipf("corpus folder %s not found", d)
	}
	return d
}

// Files lists the regular files under dir, recursively, in a stable order.
func Files(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
