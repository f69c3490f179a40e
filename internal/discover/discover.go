// Package discover finds the files a scan reads: it walks directories,
// honours .gitignore files, skips .git, node_modules and vendor, and keeps
// hidden files such as .aws/task-definition.json.
package discover

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
	// NoIgnore makes walks ignore .gitignore files.
	NoIgnore bool
	// Skipped, when set, receives what .gitignore files made the walk skip.
	Skipped *Skipped
	// Listed, when set, receives the whole listing of every directory the
	// walk reads (sorted by name), so that later lookups there can be
	// answered without asking the system again.
	Listed func(dir string, entries []fs.DirEntry)
}

// Skipped is what .gitignore files made a walk skip.
type Skipped struct {
	// Files and Dirs count the wanted files and the directories skipped
	// (what the skipped directories hold is not counted).
	Files, Dirs int
	// Reasons are the first few ignore rules that skipped something, as
	// "path/.gitignore: pattern".
	Reasons []string
}

// maxReasons is the number of ignore rules Skipped keeps.
const maxReasons = 3

func (s *Skipped) add(isDir bool, reason string) {
	if s == nil {
		return
	}
	if isDir {
		s.Dirs++
	} else {
		s.Files++
	}
	if reason != "" && !slices.Contains(s.Reasons, reason) && len(s.Reasons) < maxReasons {
		s.Reasons = append(s.Reasons, reason)
	}
}

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	pattern gitignore.Pattern
	// reason is "path/.gitignore: line" for messages.
	reason string
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
		var inherited []ignoreRule
		if !opts.NoIgnore {
			w.prefix, inherited = enclosingIgnores(root)
		}
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
// of a subdirectory honours the ignores above it as git does. Patterns that
// exclude the directory itself or a directory above it are left out: the
// user named the directory, so it is scanned.
func enclosingIgnores(dir string) (prefix []string, patterns []ignoreRule) {
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
		name := filepath.Join(chain[i], ".gitignore")
		if data, err := safefs.ReadFile(name, maxIgnoreFile); err == nil {
			for _, r := range parseIgnore(string(data), prefix[:len(chain)-1-i], DisplayName(name)) {
				if !excludesAncestor(r.pattern, prefix) {
					patterns = append(patterns, r)
				}
			}
		}
	}
	return prefix, patterns
}

// excludesAncestor reports whether a pattern excludes the directory at path
// (inside the repository) or one above it.
func excludesAncestor(p gitignore.Pattern, path []string) bool {
	for i := 1; i <= len(path); i++ {
		if p.Match(path[:i], true) == gitignore.Exclude {
			return true
		}
	}
	return false
}

// DisplayName is a path as messages show it: relative to the working
// directory when below it, with forward slashes.
func DisplayName(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// walk collects the wanted files below dir. A directory that cannot be
// read is an error for that directory (in w.errs); the walk goes on.
func (w *walker) walk(dir string, rel []string, rules []ignoreRule) {
	var inRepo []string // the directory's path in its repository, made when a pattern needs it
	inRepoPath := func() []string {
		if inRepo == nil {
			inRepo = append(w.prefix[:len(w.prefix):len(w.prefix)], rel...)
		}
		return inRepo
	}
	entries, err := readDir(dir)
	if err != nil {
		w.errs = append(w.errs, err)
		// os.ReadDir returns the entries read before the error.
	} else if w.opts.Listed != nil {
		w.opts.Listed(dir, entries)
	}
	if !w.opts.NoIgnore && (err != nil || hasEntry(entries, ".gitignore")) {
		name := filepath.Join(dir, ".gitignore")
		if data, err := safefs.ReadFile(name, maxIgnoreFile); err == nil {
			rules = append(rules[:len(rules):len(rules)], parseIgnore(string(data), inRepoPath(), DisplayName(name))...)
		}
	}
	// Matchers only where there are patterns (most directories of most
	// repositories have none to apply).
	var excluded, ignored gitignore.Matcher
	if len(w.base) > 0 {
		excluded = gitignore.NewMatcher(w.base)
	}
	if len(rules) > 0 {
		patterns := make([]gitignore.Pattern, len(rules))
		for i, r := range rules {
			patterns[i] = r.pattern
		}
		ignored = gitignore.NewMatcher(patterns)
	}
	for _, e := range entries {
		name := e.Name()
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
		var p []string // the entry's path below the root, made when needed
		if excluded != nil || isDir {
			p = append(rel[:len(rel):len(rel)], name)
		}
		if excluded != nil && (excluded.Match(p, isDir) || (w.fromWD != nil && excluded.Match(append(w.fromWD[:len(w.fromWD):len(w.fromWD)], p...), isDir))) {
			continue
		}
		if ignored != nil {
			in := inRepoPath()
			if path := append(in[:len(in):len(in)], name); ignored.Match(path, isDir) {
				if w.opts.Skipped != nil && (isDir || w.opts.Wanted == nil || w.opts.Wanted(full)) {
					w.opts.Skipped.add(isDir, reason(rules, path, isDir))
				}
				continue
			}
		}
		if isDir {
			if virtualDirs["/"+name] && virtualFS(full) {
				continue
			}
			w.walk(full, p, rules)
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

// hasEntry reports whether a listing holds name.
func hasEntry(entries []fs.DirEntry, name string) bool {
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name })
}

// reason names the rule that ignores a path: the last one that matches.
func reason(rules []ignoreRule, path []string, isDir bool) string {
	for i := len(rules) - 1; i >= 0; i-- {
		switch rules[i].pattern.Match(path, isDir) {
		case gitignore.Exclude:
			return rules[i].reason
		case gitignore.Include:
			return ""
		}
	}
	return ""
}

// parseIgnore reads a .gitignore file's patterns; source names the file in
// messages.
func parseIgnore(text string, domain []string, source string) []ignoreRule {
	var out []ignoreRule
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, ignoreRule{pattern: gitignore.ParsePattern(line, domain), reason: source + ": " + line})
	}
	return out
}
