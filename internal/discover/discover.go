// Package discover finds the files a scan reads: it walks directories,
// honours .gitignore files, skips .git, node_modules and vendor, and keeps
// hidden files such as .aws/task-definition.json.
package discover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/shipshape/shipshape/internal/safefs"
)

// skipDirs are never descended into.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true,
	".terraform": true, "__pycache__": true, ".venv": true, ".idea": true,
}

// File is one file found.
type File struct {
	// Path is the path to open.
	Path string
	// Explicit is true when the user named the file rather than a directory
	// containing it; explicit files are read whatever their name.
	Explicit bool
}

// Options tune the walk.
type Options struct {
	// Exclude holds path patterns (gitignore syntax) to skip. A pattern is
	// matched against the path relative to the directory being walked and,
	// for directories inside the working directory, against the path
	// relative to the working directory (as findings show it), so that
	// "legacy/**" skips legacy/x.yaml both in `scan .` and in `scan legacy`.
	Exclude []string
	// Wanted reports whether a file found in a directory walk is worth
	// reading, by name.
	Wanted func(path string) bool
}

// Walk returns the files under the given paths, sorted and without duplicates.
// A path that does not exist is returned in errs; the others are still walked.
func Walk(paths []string, opts Options) (files []File, errs []error) {
	seen := map[string]bool{}
	var excl []gitignore.Pattern
	for _, e := range opts.Exclude {
		excl = append(excl, gitignore.ParsePattern(e, nil))
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			if !seen[root] {
				seen[root] = true
				files = append(files, File{Path: root, Explicit: true})
			}
			continue
		}
		if virtualFS(root) {
			errs = append(errs, &os.PathError{Op: "walk", Path: root, Err: ErrVirtual})
			continue
		}
		w := walker{root: root, opts: opts, base: excl, seen: seen, fromWD: pathFromWD(root)}
		prefix, inherited := enclosingIgnores(root)
		w.prefix = prefix
		w.walk(root, nil, inherited)
		files = append(files, w.files...)
		errs = append(errs, w.errs...)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, errs
}

// ErrVirtual is the error for a directory of a virtual file system (/proc,
// /sys, /dev), which is never walked: its files are the machine's state,
// not a repository's, and some never end.
var ErrVirtual = errors.New("a virtual file system (/proc, /sys, /dev); not walked")

// virtualDirs are the mount points of virtual file systems.
var virtualDirs = map[string]bool{"/proc": true, "/sys": true, "/dev": true}

// virtualFS reports whether dir is, or is inside, /proc, /sys or /dev.
func virtualFS(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; d = filepath.Dir(d) {
		if virtualDirs[d] {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// readDir lists a directory (replaced in tests: root reads any folder).
var readDir = os.ReadDir

// maxIgnoreFile bounds the size of a .gitignore read.
const maxIgnoreFile = 1 << 20

type walker struct {
	root string
	// errs are the entries that could not be read; the walk goes on.
	errs []error
	opts Options
	base []gitignore.Pattern
	// prefix is the root's path inside its git repository, which the
	// .gitignore patterns of the repository are relative to.
	prefix []string
	seen   map[string]bool
	files  []File
	// fromWD is the root's path relative to the working directory, nil
	// when the root is the working directory or outside it.
	fromWD []string
}

// pathFromWD returns dir's path components relative to the working
// directory, or nil when dir is the working directory or outside it.
func pathFromWD(dir string) []string {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// enclosingIgnores returns, for a directory inside a git repository, its
// path relative to the repository root and the .gitignore patterns of the
// directories between the root (inclusive) and it (exclusive), so that a scan
// of a subdirectory honours the ignores above it as git does.
func enclosingIgnores(dir string) (prefix []string, patterns []gitignore.Pattern) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil
	}
	var chain []string // abs, parent, ..., repository root
	for d := abs; ; d = filepath.Dir(d) {
		chain = append(chain, d)
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			break
		}
		if filepath.Dir(d) == d {
			return nil, nil // not in a repository
		}
	}
	repo := chain[len(chain)-1]
	rel, err := filepath.Rel(repo, abs)
	if err != nil || rel == "." {
		return nil, nil
	}
	prefix = strings.Split(filepath.ToSlash(rel), "/")
	for i := len(chain) - 1; i >= 1; i-- { // the root itself is read by walk
		if data, err := safefs.ReadFile(filepath.Join(chain[i], ".gitignore"), maxIgnoreFile); err == nil {
			patterns = append(patterns, parseIgnore(string(data), prefix[:len(chain)-1-i])...)
		}
	}
	return prefix, patterns
}

// walk collects the wanted files below dir. A directory that cannot be
// read is an error for that directory (in w.errs); the walk goes on.
func (w *walker) walk(dir string, rel []string, patterns []gitignore.Pattern) {
	inRepo := append(w.prefix[:len(w.prefix):len(w.prefix)], rel...)
	if data, err := safefs.ReadFile(filepath.Join(dir, ".gitignore"), maxIgnoreFile); err == nil {
		patterns = append(patterns[:len(patterns):len(patterns)], parseIgnore(string(data), inRepo)...)
	}
	entries, err := readDir(dir)
	if err != nil {
		w.errs = append(w.errs, err)
		// os.ReadDir returns the entries read before the error.
	}
	excluded := gitignore.NewMatcher(w.base)
	ignored := gitignore.NewMatcher(patterns)
	for _, e := range entries {
		name := e.Name()
		p := append(rel[:len(rel):len(rel)], name)
		full := filepath.Join(dir, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			// Follow links to files, never to directories (no cycles).
			info, err := os.Stat(full)
			if err != nil || info.IsDir() {
				continue
			}
			isDir = false
		}
		if isDir && skipDirs[name] {
			continue
		}
		if excluded.Match(p, isDir) || (w.fromWD != nil && excluded.Match(append(w.fromWD[:len(w.fromWD):len(w.fromWD)], p...), isDir)) ||
			ignored.Match(append(inRepo[:len(inRepo):len(inRepo)], name), isDir) {
			continue
		}
		if isDir {
			if virtualDirs["/"+name] && virtualFS(full) {
				continue
			}
			w.walk(full, p, patterns)
			continue
		}
		if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		if w.opts.Wanted != nil && !w.opts.Wanted(full) {
			continue
		}
		if !w.seen[full] {
			w.seen[full] = true
			w.files = append(w.files, File{Path: full})
		}
	}
}

func parseIgnore(text string, domain []string) []gitignore.Pattern {
	var out []gitignore.Pattern
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, gitignore.ParsePattern(line, domain))
	}
	return out
}
