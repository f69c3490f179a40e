package inputs

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/terraform"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
)

func init() {
	scan.RegisterDirKind(scan.DirKind{Name: "terraform", ByName: terraform.IsModuleFile, Adapt: adaptTerraform, Keep: terraformRoots,
		Noun: scan.Noun{One: "Terraform file", Many: "Terraform files"}, DirNoun: scan.Noun{One: "module", Many: "modules"}})
}

// adaptTerraform evaluates one directory of *.tf / *.tf.json files as a
// root module.
func adaptTerraform(dir string, srcs []scan.Source, o *scan.Options) adapt.Result {
	files := make([]terraform.File, 0, len(srcs))
	have := map[string]bool{}
	named := false
	for _, s := range srcs {
		files = append(files, terraform.File{Path: s.Path, Name: filepath.Base(s.Path), Data: s.Data})
		have[s.Path] = true
		named = named || s.Explicit
	}
	var only []string
	if named {
		// A file named on its own is evaluated with the rest of its module,
		// so that what the other files declare resolves, and only its own
		// findings are reported.
		if rest := moduleSiblings(dir, have, o); len(rest) > 0 {
			for _, s := range srcs {
				only = append(only, s.Path)
			}
			files = append(files, rest...)
		}
	}
	return terraform.Adapt(dir, files, terraform.Options{Vars: o.TFVars, VarFiles: o.TFVarFiles, Display: scan.DisplayPath, Cache: terraformCache(o), Only: only,
		FS: newTerraformFS(o)})
}

// terraformFS is what a Terraform module reads besides its own files:
// file() and templatefile() paths, tfvars and local modules, confined to
// the repository being scanned, regular files within the size limit. The
// -var-file paths the user named are read wherever they are.
type terraformFS struct {
	b     *safefs.Boundary
	limit int64
	named map[string]bool // absolute -var-file paths
	// overlay replaces files on disk (shipshape fix's changes so far).
	overlay map[string][]byte
}

func newTerraformFS(o *scan.Options) terraformFS {
	f := terraformFS{b: o.Boundary, limit: o.MaxFileSize, named: map[string]bool{}, overlay: o.Overlay}
	for _, p := range o.TFVarFiles {
		if abs, err := filepath.Abs(p); err == nil {
			f.named[abs] = true
		}
	}
	return f
}

func (f terraformFS) ReadFile(name string) ([]byte, error) {
	if data, ok := f.overlay[scan.DisplayPath(name)]; ok {
		return data, nil
	}
	if abs, err := filepath.Abs(name); err == nil && f.named[abs] {
		return safefs.ReadFile(name, f.limit)
	}
	return f.b.ReadFile(name, f.limit)
}

// ReadDir lists a directory within the boundary, which lists each directory
// once per scan (each root module that calls a module lists its directory).
func (f terraformFS) ReadDir(name string) ([]fs.DirEntry, error) { return f.b.ReadDir(name) }

// moduleSiblings reads the module files of dir that are not among have
// (display paths).
func moduleSiblings(dir string, have map[string]bool, o *scan.Options) []terraform.File {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []terraform.File
	for _, e := range entries {
		if e.IsDir() || !terraform.IsModuleFile(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		display := scan.DisplayPath(p)
		if have[display] {
			continue
		}
		data, ok := o.Overlay[display]
		if !ok {
			var err error
			if data, err = safefs.ReadFile(p, o.MaxFileSize); err != nil {
				continue
			}
		}
		out = append(out, terraform.File{Path: display, Name: e.Name(), Data: data})
	}
	return out
}

// terraformCache is the scan's cache of parsed Terraform files.
func terraformCache(o *scan.Options) *terraform.ParseCache {
	return memoized(o.Memo, "terraform.ParseCache", func() *terraform.ParseCache { return &terraform.ParseCache{} })
}

// terraformRoots keeps the directories that no other scanned directory
// calls as a local module: a called module is evaluated with its caller's
// inputs, not on its own with defaults.
func terraformRoots(dirs map[string][]scan.Source, o *scan.Options) map[string]bool {
	called := map[string]bool{}
	calls := map[string][]string{} // directory -> absolute directories it calls
	for dir, srcs := range dirs {
		files := make([]terraform.File, 0, len(srcs))
		for _, s := range srcs {
			files = append(files, terraform.File{Path: s.Path, Name: filepath.Base(s.Path), Data: s.Data})
		}
		for _, c := range terraform.CalledModules(dir, files, terraformCache(o)) {
			called[c] = true
			calls[dir] = append(calls[dir], c)
		}
	}
	keep := map[string]bool{}
	for dir := range dirs {
		if underDotTerraform(dir) {
			// Modules installed by terraform init are followed from the
			// module that calls them.
			continue
		}
		abs, err := filepath.Abs(dir)
		if err != nil || !called[abs] {
			keep[dir] = true
		}
	}
	keepCycles(dirs, keep, calls)
	expectUses(dirs, keep, calls, terraformCache(o))
	return keep
}

// keepCycles keeps, as root modules, modules that no kept root reaches:
// modules that call each other in a cycle (m/a calls ../b, m/b calls ../a)
// are each called, so none would be a root and none checked. The first of
// each such group (by path) is kept; evaluating it follows the others, and
// the call back into it is a notice.
func keepCycles(dirs map[string][]scan.Source, keep map[string]bool, calls map[string][]string) {
	byAbs := map[string]string{}
	var order []string
	for dir := range dirs {
		if abs, err := filepath.Abs(dir); err == nil {
			byAbs[abs] = dir
		}
		order = append(order, dir)
	}
	sort.Strings(order)
	reached := map[string]bool{}
	var visit func(dir string)
	visit = func(dir string) {
		if reached[dir] {
			return
		}
		reached[dir] = true
		for _, c := range calls[dir] {
			if d, ok := byAbs[c]; ok {
				visit(d)
			}
		}
	}
	for _, dir := range order {
		if keep[dir] {
			visit(dir)
		}
	}
	for _, dir := range order {
		if !reached[dir] && !underDotTerraform(dir) {
			keep[dir] = true
			visit(dir)
		}
	}
}

// expectUses tells the cache how many root modules will read each file:
// one for each root module that is, or calls directly or through other
// modules, the file's directory. The cache then drops a file's syntax tree
// after its last use rather than at the end of the scan.
func expectUses(dirs map[string][]scan.Source, keep map[string]bool, calls map[string][]string, cache *terraform.ParseCache) {
	if cache == nil {
		return
	}
	byAbs := map[string]string{}
	for dir := range dirs {
		if abs, err := filepath.Abs(dir); err == nil {
			byAbs[abs] = dir
		}
	}
	uses := map[string]int{}
	for root := range keep {
		seen := map[string]bool{}
		var visit func(dir string)
		visit = func(dir string) {
			if seen[dir] {
				return
			}
			seen[dir] = true
			uses[dir]++
			for _, c := range calls[dir] {
				if d, ok := byAbs[c]; ok {
					visit(d)
				}
			}
		}
		visit(root)
	}
	for dir, n := range uses {
		for _, s := range dirs[dir] {
			cache.Expect(s.Path, s.Data, n)
		}
	}
}

func underDotTerraform(dir string) bool {
	for _, part := range strings.Split(filepath.ToSlash(dir), "/") {
		if part == ".terraform" {
			return true
		}
	}
	return false
}
