package dockerfile

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/secrets"
)

// Bounds of the look for credential files in the build context: how deep
// below a copied directory, how many directory entries in all, how many
// files reported, how much of a file is read to judge it.
const (
	maxContextDepth   = 4
	maxContextEntries = 4000
	maxContextSecrets = 20
	maxSecretRead     = 64 << 10
)

// skippedDirs are directories that hold dependencies or version control,
// not the project's own credential files.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true, ".venv": true, "venv": true,
	"__pycache__": true, ".tox": true, ".terraform": true, "target": true, ".gradle": true, ".idea": true,
}

// projectMarkers are files that show a directory is a project root, and so
// a build context.
var projectMarkers = []string{
	"package.json", "go.mod", "requirements.txt", "pyproject.toml", "setup.py", "Pipfile", "Gemfile", "pom.xml",
	"build.gradle", "build.gradle.kts", "Cargo.toml", "composer.json", "mix.exs", "Makefile",
}

// contextSecrets lists the credential files that COPY and ADD of
// directories take from the build context, which is taken to be the
// Dockerfile's directory (dir, named name). Nothing is reported unless that
// directory looks like the context: it has a .dockerignore, a project
// manifest, or holds a file the Dockerfile copies by name. Files a
// .dockerignore (or name.dockerignore) excludes are left out.
func contextSecrets(img *model.DockerfileImage, ctx fs.FS, name string) []model.ContextFile {
	roots, named := copiedRoots(img)
	if len(roots) == 0 {
		return nil
	}
	ignoreName, patterns, hasIgnore := readIgnore(ctx, name)
	if !looksLikeContext(ctx, named, hasIgnore) {
		return nil
	}
	var pm *patternmatcher.PatternMatcher
	if len(patterns) > 0 {
		m, err := patternmatcher.New(patterns)
		if err != nil {
			return nil // Docker refuses such a .dockerignore as well
		}
		pm = m
	}
	w := walker{ctx: ctx, pm: pm, ignore: ignoreName, seen: map[string]bool{}}
	for _, r := range roots {
		depth := 0
		if r != "." {
			depth = strings.Count(r, "/") + 1
		}
		w.walk(r, depth)
	}
	return w.out
}

// copiedRoots returns the directories of the context that COPY and ADD
// (without --from) copy, in any stage (a builder's files may be copied on), "." for the whole context, and
// the files they name.
func copiedRoots(img *model.DockerfileImage) (roots, named []string) {
	if img.Target == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	for _, s := range img.Stages {
		for _, in := range s.Instructions {
			if (in.Cmd != "copy" && in.Cmd != "add") || in.OnBuild || in.CopyFrom != "" || len(in.Heredocs) > 0 {
				continue
			}
			for _, src := range in.Sources() {
				if strings.Contains(src, "$") || strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
					continue
				}
				src = strings.ReplaceAll(src, `\`, "/")
				root := src
				if i := strings.IndexAny(src, "*?["); i >= 0 {
					root = path.Dir(src[:i] + "x")
				} else {
					named = append(named, path.Clean("/" + src)[1:])
				}
				root = strings.TrimPrefix(path.Clean("/"+root), "/")
				if root == "" {
					root = "."
				}
				if !seen[root] {
					seen[root] = true
					roots = append(roots, root)
				}
			}
		}
	}
	return roots, named
}

// readIgnore reads the Dockerfile's own NAME.dockerignore, else .dockerignore.
func readIgnore(ctx fs.FS, name string) (string, []string, bool) {
	own := name + ".dockerignore"
	if lacks(ctx, own, ".dockerignore") {
		return "", nil, false
	}
	for _, n := range []string{own, ".dockerignore"} {
		f, err := ctx.Open(n)
		if err != nil {
			continue
		}
		patterns, err := ignorefile.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err != nil {
			return n, nil, true
		}
		return n, patterns, true
	}
	return "", nil, false
}

// looksLikeContext reports whether the Dockerfile's directory is its build
// context: the files the Dockerfile copies by name are there, or, when it
// names none, the directory has a .dockerignore or a project manifest.
func looksLikeContext(ctx fs.FS, named []string, hasIgnore bool) bool {
	checked := 0
	for _, n := range named {
		if n == "" || n == "." || checked >= 8 {
			continue
		}
		checked++
		if _, err := fs.Stat(ctx, n); err == nil {
			return true
		}
	}
	if checked > 0 {
		return false // the files it copies are elsewhere: built from another context
	}
	if hasIgnore {
		return true
	}
	if lacks(ctx, projectMarkers...) {
		return false
	}
	for _, m := range projectMarkers {
		if _, err := fs.Stat(ctx, m); err == nil {
			return true
		}
	}
	return false
}

// lacks reports whether ctx can tell from a listing of its root that it
// holds none of names (safefs.Boundary.FS can), without opening each.
func lacks(ctx fs.FS, names ...string) bool {
	l, ok := ctx.(interface{ Lacks(names ...string) bool })
	return ok && l.Lacks(names...)
}

// walker looks for credential files below the copied directories.
type walker struct {
	ctx     fs.FS
	pm      *patternmatcher.PatternMatcher
	ignore  string
	entries int
	seen    map[string]bool
	out     []model.ContextFile
}

// walk visits dir (a context path, "." for the root) down to maxContextDepth.
func (w *walker) walk(dir string, depth int) {
	if depth > maxContextDepth || w.entries >= maxContextEntries || len(w.out) >= maxContextSecrets || w.seen[dir] {
		return
	}
	w.seen[dir] = true
	info, err := fs.Stat(w.ctx, dir)
	if err != nil {
		return
	}
	if !info.IsDir() {
		w.file(dir, info)
		return
	}
	entries, err := fs.ReadDir(w.ctx, dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		w.entries++
		if w.entries > maxContextEntries || len(w.out) >= maxContextSecrets {
			return
		}
		rel := path.Join(dir, e.Name())
		if e.IsDir() {
			if skippedDirs[e.Name()] || w.excludedDir(rel) {
				continue
			}
			w.walk(rel, depth+1)
			continue
		}
		if !e.Type().IsRegular() || !secrets.CredentialFile(rel) {
			continue
		}
		if info, err := e.Info(); err == nil {
			w.file(rel, info)
		}
	}
}

// file records a credential file that is not ignored and holds a credential.
func (w *walker) file(rel string, info fs.FileInfo) {
	if !info.Mode().IsRegular() || !secrets.CredentialFile(rel) || w.excluded(rel) {
		return
	}
	data, err := readHead(w.ctx, rel)
	if err != nil || !secrets.CredentialContent(rel, data) {
		return
	}
	w.out = append(w.out, model.ContextFile{Path: rel, Ignore: w.ignore})
}

// excluded reports whether .dockerignore keeps a file out of the context.
func (w *walker) excluded(rel string) bool {
	if w.pm == nil {
		return false
	}
	ok, err := w.pm.MatchesOrParentMatches(filepath.ToSlash(rel))
	return err == nil && ok
}

// excludedDir reports whether a whole directory is left out of the context:
// it is excluded and no "!" pattern can bring a file below it back.
func (w *walker) excludedDir(rel string) bool {
	return w.pm != nil && !w.pm.Exclusions() && w.excluded(rel)
}

// readHead reads the start of a context file.
func readHead(ctx fs.FS, rel string) ([]byte, error) {
	f, err := ctx.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = io.Copy(&b, io.LimitReader(f, maxSecretRead))
	return b.Bytes(), err
}
