// Package safefs is the one way shipshape reads files that inputs can name:
// it opens only regular files (never a FIFO or a device), reads at most a
// size limit, and confines paths, after resolving symlinks, to the
// repository that holds the scanned paths. Reports are written through
// WriteFile: a temporary file renamed into place, never through a symlink.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// DefaultLimit is the size limit of reads when none is given (10 MB, the
// default max_file_size_mb).
const DefaultLimit = 10 << 20

// ErrNotRegular is returned for a path that is not a regular file (a FIFO,
// a device, a socket, a directory).
var ErrNotRegular = errors.New("not a regular file")

// ErrOutside is returned for a path that resolves, after symlinks, outside
// the repository being scanned.
var ErrOutside = errors.New("outside the repository being scanned")

// TooLargeError is returned for a file over the size limit.
type TooLargeError struct {
	// Size is the file's size, or -1 when it is not known (a file that
	// grew while being read, a stream).
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("over the %s limit", MB(e.Limit))
	}
	return fmt.Sprintf("file is %.1f MB, over the %s limit", float64(e.Size)/(1<<20), MB(e.Limit))
}

// MB formats a byte count of whole megabytes ("10 MB").
func MB(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// IsTooLarge reports whether err says a file is over its size limit.
func IsTooLarge(err error) bool {
	var t *TooLargeError
	return errors.As(err, &t)
}

// Open opens path for reading if it is a regular file. It never blocks on a
// FIFO: the file is opened without waiting and checked before any read.
func Open(path string) (*os.File, error) {
	fh, _, err := OpenInfo(path)
	return fh, err
}

// OpenInfo is Open that also returns what the opened file's fstat said, so
// that a caller checking its size asks the system once.
func OpenInfo(path string) (*os.File, fs.FileInfo, error) {
	fh, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		fh.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	return fh, info, nil
}

// ReadFile reads a regular file of at most limit bytes (DefaultLimit when
// limit <= 0).
func ReadFile(path string, limit int64) ([]byte, error) {
	fh, info, err := OpenInfo(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ReadAllSized(fh, info.Size(), limit)
}

// ReadAll reads an opened file of at most limit bytes (DefaultLimit when
// limit <= 0). Its size is checked first, then the read is cut at limit+1
// bytes in case the file grows.
func ReadAll(fh *os.File, limit int64) ([]byte, error) {
	info, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	return ReadAllSized(fh, info.Size(), limit)
}

// ReadAllSized is ReadAll of a file whose size the caller has just learnt
// from OpenInfo.
func ReadAllSized(fh *os.File, size, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if size > limit {
		return nil, &fs.PathError{Op: "read", Path: fh.Name(), Err: &TooLargeError{Size: size, Limit: limit}}
	}
	data := make([]byte, 0, size+1) // +1: a growing file still reads to its end
	for {
		n, err := fh.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			if int64(len(data)) > limit {
				return nil, &fs.PathError{Op: "read", Path: fh.Name(), Err: &TooLargeError{Size: -1, Limit: limit}}
			}
			data = append(data, 0)[:len(data)]
		}
	}
}

// ReadLimited reads r to its end, failing with a TooLargeError when it holds
// more than limit bytes (standard input).
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return data, nil
}

// Boundary is the part of the file system a scan may read through paths
// that inputs name: the git work trees around the scanned paths, or the
// scanned paths themselves when they are not in a git work tree. A nil
// Boundary confines nothing.
type Boundary struct {
	roots []string // absolute, symlinks resolved

	// dirs caches resolved directories (absolute path to real path): a
	// scan resolves the files of one directory many times (inputs,
	// .hadolint.yaml and .dockerignore lookups, build contexts), and each
	// filepath.EvalSymlinks costs a system call per path element.
	dirs sync.Map

	// wd is the working directory when the boundary was made: filepath.Abs
	// asks the system for it (two stat calls) on every relative path.
	wd string

	// listings holds the directories the scan has listed whole (the walk
	// lists every directory it visits), absolute path to its entries
	// sorted by name, so that looking up a name there (.hadolint.yaml,
	// .dockerignore, a project manifest) needs no system call when it is
	// absent and no lstat when it is a plain file or directory.
	listings sync.Map
}

// entry is a name in a directory listing and its type bits.
type entry struct {
	name string
	typ  fs.FileMode
}

// NewBoundary returns the boundary of a scan of paths ("-" is ignored).
func NewBoundary(paths []string) *Boundary {
	b := &Boundary{}
	b.wd, _ = os.Getwd()
	for _, p := range paths {
		if p == "-" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			real = abs
		}
		start := real
		if info, err := os.Stat(real); err == nil && !info.IsDir() {
			start = filepath.Dir(real)
		}
		root := gitWorkTree(start)
		if root == "" {
			root = start
		}
		b.add(root)
	}
	return b
}

// Abs is filepath.Abs with the working directory the boundary was made in,
// without asking the system for it again.
func (b *Boundary) Abs(path string) (string, error) {
	if filepath.IsAbs(path) {
		return filepath.Clean(path), nil
	}
	if b == nil || b.wd == "" {
		return filepath.Abs(path)
	}
	return filepath.Join(b.wd, path), nil
}

// RememberListing records the whole listing of a directory (as os.ReadDir
// returns it, sorted by name) for the rest of the scan. Call it only with a
// complete listing: a name missing from it is taken not to exist.
func (b *Boundary) RememberListing(dir string, entries []fs.DirEntry) {
	if b == nil {
		return
	}
	abs, err := b.Abs(dir)
	if err != nil {
		return
	}
	list := make([]entry, len(entries))
	for i, e := range entries {
		list[i] = entry{name: e.Name(), typ: e.Type()}
	}
	if !slices.IsSortedFunc(list, byName) {
		slices.SortFunc(list, byName)
	}
	b.listings.Store(abs, list)
}

// byName orders a listing's entries.
func byName(a, b entry) int { return strings.Compare(a.name, b.name) }

// listing returns the remembered listing of the absolute directory dir.
func (b *Boundary) listing(dir string) ([]entry, bool) {
	if b == nil {
		return nil, false
	}
	v, ok := b.listings.Load(dir)
	if !ok {
		return nil, false
	}
	return v.([]entry), true
}

// has looks a name up in a listing.
func has(list []entry, name string) (entry, bool) {
	i, found := slices.BinarySearchFunc(list, entry{name: name}, byName)
	if !found {
		return entry{}, false
	}
	return list[i], true
}

// listed looks an absolute path up in the listing of its directory: known
// reports whether that directory was listed, and when it was, found whether
// the name is there and typ its type bits.
func (b *Boundary) listed(abs string) (typ fs.FileMode, found, known bool) {
	list, known := b.listing(filepath.Dir(abs))
	if !known {
		return 0, false, false
	}
	e, found := has(list, filepath.Base(abs))
	return e.typ, found, true
}

// Lacks reports whether the remembered listing of the directory dir (an
// absolute, clean path) shows that none of names is there; false when dir
// was never listed.
func (b *Boundary) Lacks(dir string, names ...string) bool {
	list, known := b.listing(dir)
	if !known {
		return false
	}
	for _, name := range names {
		if _, found := has(list, name); found {
			return false
		}
	}
	return true
}

// Type returns the type bits of path (fs.ModeSymlink for a symlink, not
// followed), from a remembered listing when there is one, else by lstat.
func (b *Boundary) Type(path string) (fs.FileMode, error) {
	abs, err := b.Abs(path)
	if err != nil {
		return 0, err
	}
	return b.typeOf(abs)
}

// typeOf is Type of an absolute path: a name a remembered listing lacks
// does not exist, one it has is of the type it says (lstat is asked only
// of names in directories never listed, and of entries of unusual type).
func (b *Boundary) typeOf(abs string) (fs.FileMode, error) {
	typ, found, known := b.listed(abs)
	if known && !found {
		return 0, notExist("lstat", abs)
	}
	if found && typ&fs.ModeIrregular == 0 {
		return typ, nil
	}
	info, err := os.Lstat(abs)
	if err != nil {
		return 0, err
	}
	return info.Mode().Type(), nil
}

// notExist is the error of a name a remembered listing lacks, as lstat
// would have said it.
func notExist(op, path string) error {
	return &fs.PathError{Op: op, Path: path, Err: syscall.ENOENT}
}

// Roots are the directories the boundary allows, symlinks resolved.
func (b *Boundary) Roots() []string {
	if b == nil {
		return nil
	}
	return b.roots
}

func (b *Boundary) add(root string) {
	for _, r := range b.roots {
		if within(root, r) {
			return
		}
	}
	kept := b.roots[:0]
	for _, r := range b.roots {
		if !within(r, root) {
			kept = append(kept, r)
		}
	}
	b.roots = append(kept, root)
}

// gitWorkTree returns the nearest directory at or above dir holding .git,
// or "".
func gitWorkTree(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// within reports whether path is dir or below it (both absolute and clean).
func within(path, dir string) bool {
	if path == dir {
		return true
	}
	if dir == string(filepath.Separator) {
		return strings.HasPrefix(path, dir)
	}
	return strings.HasPrefix(path, dir+string(filepath.Separator))
}

// Contains reports whether an absolute, resolved path is inside the
// boundary.
func (b *Boundary) Contains(real string) bool {
	if b == nil {
		return true
	}
	for _, r := range b.roots {
		if within(real, r) {
			return true
		}
	}
	return false
}

// Resolve returns path made absolute with its symlinks resolved, or
// ErrOutside (wrapped in a PathError naming path) when that leaves the
// boundary.
func (b *Boundary) Resolve(path string) (string, error) {
	abs, err := b.Abs(path)
	if err != nil {
		return "", err
	}
	// A remembered listing or one Lstat answers most lookups (a missing
	// .hadolint.yaml, a file that is no symlink); only a symlink itself is
	// resolved in full.
	typ, err := b.typeOf(abs)
	if err != nil {
		return "", err
	}
	var real string
	if typ&fs.ModeSymlink != 0 {
		real, err = filepath.EvalSymlinks(abs)
	} else {
		real, err = b.resolveDir(filepath.Dir(abs))
		if err == nil && filepath.Dir(abs) != abs {
			real = filepath.Join(real, filepath.Base(abs))
		}
	}
	if err != nil {
		return "", err
	}
	if !b.Contains(real) {
		return "", &fs.PathError{Op: "open", Path: path, Err: ErrOutside}
	}
	return real, nil
}

// resolveDir returns an absolute directory with its symlinks resolved,
// remembered for the rest of the scan.
func (b *Boundary) resolveDir(dir string) (string, error) {
	if b == nil {
		return filepath.EvalSymlinks(dir)
	}
	if real, ok := b.dirs.Load(dir); ok {
		return real.(string), nil
	}
	typ, err := b.typeOf(dir)
	if err != nil {
		return "", err
	}
	var real string
	if parent := filepath.Dir(dir); parent != dir && typ&fs.ModeSymlink == 0 {
		// Not a symlink itself: its parent, resolved (and remembered),
		// and its name.
		if real, err = b.resolveDir(parent); err != nil {
			return "", err
		}
		if real = filepath.Join(real, filepath.Base(dir)); real == dir {
			real = dir // held once (a cache of many directories)
		}
	} else if real, err = filepath.EvalSymlinks(dir); err != nil {
		return "", err
	}
	b.dirs.Store(dir, real)
	return real, nil
}

// ReadFile reads a regular file of at most limit bytes that resolves inside
// the boundary.
func (b *Boundary) ReadFile(path string, limit int64) ([]byte, error) {
	real, err := b.Resolve(path)
	if err != nil {
		return nil, err
	}
	data, err := ReadFile(real, limit)
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = path
	}
	return data, err
}

// ReadDir lists a directory that resolves inside the boundary, once per
// scan: a directory the walk or an earlier ReadDir listed is answered from
// that listing (the entries' Info is asked of the system when called).
func (b *Boundary) ReadDir(path string) ([]fs.DirEntry, error) {
	real, err := b.Resolve(path)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return os.ReadDir(real)
	}
	abs, err := b.Abs(path)
	if err != nil {
		return nil, err
	}
	if list, ok := b.listing(abs); ok {
		out := make([]fs.DirEntry, len(list))
		for i := range list {
			out[i] = listedEntry{dir: real, entry: list[i]}
		}
		return out, nil
	}
	entries, err := os.ReadDir(real)
	if err == nil {
		b.RememberListing(abs, entries)
	}
	return entries, err
}

// listedEntry is a remembered directory entry as an fs.DirEntry.
type listedEntry struct {
	dir string // the directory, symlinks resolved
	entry
}

func (e listedEntry) Name() string               { return e.name }
func (e listedEntry) IsDir() bool                { return e.typ.IsDir() }
func (e listedEntry) Type() fs.FileMode          { return e.typ }
func (e listedEntry) Info() (fs.FileInfo, error) { return os.Lstat(filepath.Join(e.dir, e.name)) }

// ReadNearby reads a file found by looking upward from a scanned path
// (.shipshape.yaml, .hadolint.yaml): inside the boundary it must resolve
// inside it; above the boundary (the machine's own directories) it must be
// a plain file, not a symlink. Either way it is a regular file of at most
// limit bytes.
func (b *Boundary) ReadNearby(path string, limit int64) ([]byte, error) {
	abs, err := b.Abs(path)
	if err != nil {
		return nil, err
	}
	if _, found, known := b.listed(abs); known && !found {
		return nil, notExist("open", path) // the usual answer, from a listing
	}
	dir, err := b.resolveDir(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	if b.Contains(dir) {
		return b.ReadFile(path, limit)
	}
	typ, err := b.typeOf(abs)
	if err != nil {
		return nil, err
	}
	if typ&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrOutside}
	}
	return ReadFile(abs, limit)
}

// FS returns a read-only fs.FS of the directory dir in which every name is
// confined to the boundary and only regular files and directories open.
func (b *Boundary) FS(dir string) fs.FS { return boundedFS{b: b, dir: dir} }

type boundedFS struct {
	b   *Boundary
	dir string
}

// Lacks reports whether the remembered listing of the FS's directory shows
// that none of names (names in it, without a slash) is there, as
// Boundary.Lacks: false when the directory was never listed. It saves
// opening each name in turn to learn that it is missing.
func (f boundedFS) Lacks(names ...string) bool {
	abs, err := f.b.Abs(f.dir)
	return err == nil && f.b.Lacks(abs, names...)
}

func (f boundedFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := filepath.Join(f.dir, filepath.FromSlash(name))
	if abs, err := f.b.Abs(full); err == nil {
		if _, found, known := f.b.listed(abs); known && !found {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ENOENT} // the usual answer, from a listing
		}
	}
	real, err := f.b.Resolve(full)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.Unwrap(err)}
	}
	isDir, err := f.b.isDir(full, real)
	if err != nil {
		return nil, err
	}
	if isDir {
		return os.Open(real)
	}
	return Open(real)
}

// isDir reports whether path (resolved to real) is a directory, from a
// remembered listing when it names no symlink.
func (b *Boundary) isDir(path, real string) (bool, error) {
	if abs, err := b.Abs(path); err == nil {
		if typ, found, known := b.listed(abs); found && known && typ&fs.ModeSymlink == 0 {
			return typ.IsDir(), nil
		}
	}
	info, err := os.Stat(real)
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}

// WriteFile writes a report or baseline to path with write: into a
// temporary file beside it, renamed over path when complete, so that a
// failed write leaves the old file and a symlink at path is replaced rather
// than written through. A path that is a device or a pipe (/dev/stdout,
// possibly through a symlink) is written directly.
func WriteFile(path string, write func(io.Writer) error) error {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return fmt.Errorf("cannot write %s: it is a directory", path)
		}
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		werr := write(fh)
		if cerr := fh.Close(); werr == nil {
			werr = cerr
		}
		return werr
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := fs.FileMode(0o644)
	if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() {
		mode = info.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

// SameFile reports whether two paths name the same existing file.
func SameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(ia, ib)
}
