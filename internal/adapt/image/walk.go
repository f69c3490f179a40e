package image

import (
	"archive/tar"
	"bufio"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/secrets"
)

// Bounds of what the walker keeps, so that memory does not grow with the
// image: notable files kept per kind, bytes read of a credential file to
// judge its content, bytes of /etc/shadow, whiteouts remembered per layer.
const (
	maxFilesPerKind   = 256
	maxCredentialRead = 64 << 10
	maxShadow         = 1 << 20
	maxWhiteouts      = 1 << 16
)

// walker streams the layers of one image, bottom first, and keeps the
// facts rules need. It never writes anything to disk: every tar entry is a
// name, a header and, for the few files it judges, a bounded read of its
// content.
type walker struct {
	files  []model.LayerFile
	counts map[model.LayerFileKind]int
	// byPath indexes the credential and setuid files by path.
	byPath map[string][]int
	// truncated is set when a kind had more files than kept.
	truncated bool
	// shadow is the /etc/shadow of the topmost layer that has one, nil
	// when deleted or absent.
	shadow []byte
	// caches index the package-cache entries of the current layer by
	// directory.
	caches map[string]int
	// leftovers index the leftover directories of the current layer.
	leftovers map[string]bool
	// unsafe counts entries of the current layer whose names leave the
	// layer (absolute, ..) or hard links that point out of it.
	unsafe     int
	unsafeName string
	buf        []byte
}

func newWalker() *walker {
	return &walker{counts: map[model.LayerFileKind]int{}, byPath: map[string][]int{}, buf: make([]byte, maxCredentialRead)}
}

// LayerError is a layer that could not be read: corrupt, truncated, or not
// matching its digest.
type LayerError struct {
	Layer  int
	Digest string
	Err    error
}

func (e *LayerError) Error() string {
	d := e.Digest
	if len(d) > 19 {
		d = d[:19]
	}
	if d != "" {
		d = " (" + d + "…)"
	}
	return fmt.Sprintf("layer %d%s: %v", e.Layer+1, d, e.Err)
}

func (e *LayerError) Unwrap() error { return e.Err }

// layerStream is one layer to read.
type layerStream struct {
	index int
	// r is the layer blob as stored: gzip, zstd or plain tar.
	r io.Reader
	// digest is the expected digest of the blob as stored, "" when the
	// source verifies it itself or it is not known; diffID the expected
	// digest of the tar stream, "" when not known.
	digest, diffID string
}

// countingReader counts and optionally hashes what is read through it.
type countingReader struct {
	r io.Reader
	n int64
	h *hashPipe
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.h != nil && n > 0 {
		c.h.Write(p[:n])
	}
	return n, err
}

// layer streams one layer and records its facts in w; the returned layer
// summary has the sizes and the entry count.
func (w *walker) layer(ls layerStream) (model.Layer, error) {
	sum := model.Layer{Index: ls.index, Digest: ls.digest, DiffID: ls.diffID, Size: -1, Step: -1}
	raw := &countingReader{r: ls.r}
	if ls.digest != "" {
		raw.h = newHashPipe()
		defer raw.h.stop()
	}
	br := bufio.NewReaderSize(raw, 64<<10)
	// pipe, once started, owns br until it is closed.
	var pipe *streamPipe
	fail := func(err error) (model.Layer, error) {
		if pipe != nil {
			pipe.close()
		}
		// A blob that does not match its digest is corrupt: say so rather
		// than what its corruption broke.
		if raw.h != nil {
			if _, cerr := io.Copy(io.Discard, br); cerr == nil {
				if got := raw.h.sum(); got != ls.digest {
					err = fmt.Errorf("the blob does not match its digest (it has digest %s, %d bytes): it is corrupt or truncated; reading it failed with: %v", short(got), raw.n, err)
				}
			}
		}
		return sum, &LayerError{Layer: ls.index, Digest: firstNonEmpty(ls.digest, ls.diffID), Err: err}
	}
	magic, _ := br.Peek(4)
	var plain io.Reader = br
	var closeFn func()
	switch compressedKind(magic) {
	case "gzip":
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fail(fmt.Errorf("not a valid gzip stream: %v", err))
		}
		plain = zr
	case "zstd":
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(256<<20))
		if err != nil {
			return fail(fmt.Errorf("not a valid zstd stream: %v", err))
		}
		plain, closeFn = zr, zr.Close
	}
	if closeFn != nil {
		defer closeFn()
	}
	// Decompression, the bulk of the work, runs in a goroutine of its own
	// beside tar parsing; the blob's data after the compressed stream is
	// read too, so that its digest covers the whole blob.
	pipe = startPipe(func(w io.Writer) error {
		if _, err := io.Copy(w, plain); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, br); err != nil {
			return &blobError{err}
		}
		return nil
	})
	defer pipe.close()
	tarStream := &countingReader{r: pipe}
	if ls.diffID != "" {
		tarStream.h = newHashPipe()
		defer tarStream.h.stop()
	}
	w.caches = map[string]int{}
	w.leftovers = map[string]bool{}
	w.unsafe, w.unsafeName = 0, ""
	whiteouts := map[string]bool{}
	opaque := map[string]bool{}
	tr := tar.NewReader(tarStream)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(streamError("tar stream", err))
		}
		sum.Files++
		if err := w.entry(ls.index, hdr, tr, whiteouts, opaque); err != nil {
			return fail(streamError("tar entry "+quote(hdr.Name), err))
		}
	}
	// The tar end marker is followed by padding: read to the end, so that
	// the digests cover the whole blob.
	if _, err := io.Copy(io.Discard, tarStream); err != nil {
		return fail(streamError("tar stream", err))
	}
	pipe.close()
	sum.Uncompressed = tarStream.n
	sum.Size = raw.n
	if ls.digest != "" {
		if got := raw.h.sum(); got != ls.digest {
			return sum, &LayerError{Layer: ls.index, Digest: ls.digest, Err: fmt.Errorf("digest mismatch: the blob has digest %s, the manifest says %s", got, ls.digest)}
		}
	}
	if ls.diffID != "" {
		if got := tarStream.h.sum(); got != ls.diffID {
			return sum, &LayerError{Layer: ls.index, Digest: firstNonEmpty(ls.digest, ls.diffID), Err: fmt.Errorf("digest mismatch: the layer's content has digest %s, the image configuration says %s", got, ls.diffID)}
		}
	}
	w.applyWhiteouts(ls.index, whiteouts, opaque)
	return sum, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// blobError is an error reading the blob after its compressed stream.
type blobError struct{ err error }

func (e *blobError) Error() string { return e.err.Error() }
func (e *blobError) Unwrap() error { return e.err }

// streamError words an error reading the layer's stream as what: one that
// came from reading the blob after its compressed stream as "layer blob".
func streamError(what string, err error) error {
	var be *blobError
	if errors.As(err, &be) {
		return readError("layer blob", be.err)
	}
	return readError(what, err)
}

// readError words a read error: a stream cut short is said to be truncated.
func readError(what string, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s is truncated (unexpected end of data)", what)
	}
	return fmt.Errorf("%s: %v", what, err)
}

// quote writes a name from a layer for messages: quoted, with control
// characters escaped, and cut at 200 bytes.
func quote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// cleanName turns a tar entry name into a path of the image without a
// leading "/", and says whether the name tried to leave the layer's root
// (absolute, or climbing with ..).
func cleanName(name string) (string, bool) {
	unsafe := strings.HasPrefix(name, "/")
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			unsafe = true
		}
	}
	p := strings.TrimPrefix(path.Clean("/"+name), "/")
	return p, unsafe
}

// entry records one tar entry.
func (w *walker) entry(layer int, hdr *tar.Header, r io.Reader, whiteouts, opaque map[string]bool) error {
	p, unsafe := cleanName(hdr.Name)
	if unsafe {
		w.noteUnsafe(hdr.Name)
	}
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if strings.HasPrefix(base, ".wh.") {
		switch {
		case base == ".wh..wh..opq":
			if len(opaque) < maxWhiteouts {
				opaque[dir] = true
			}
		case len(whiteouts) < maxWhiteouts:
			whiteouts[path.Join(dir, strings.TrimPrefix(base, ".wh."))] = true
		}
		return nil
	}
	if p == "" {
		return nil
	}
	abs := "/" + p
	// A file written again in a later layer hides the earlier one.
	if hdr.Typeflag != tar.TypeDir {
		w.replaced(layer, p)
	}
	if abs == "/etc/shadow" && hdr.Typeflag == tar.TypeReg {
		data, err := io.ReadAll(io.LimitReader(r, maxShadow))
		if err != nil {
			return err
		}
		w.shadow = data
	}
	w.leftover(layer, p, hdr)
	switch hdr.Typeflag {
	case tar.TypeReg, '\x00': // '\x00': regular files of old tar writers
		if hdr.Mode&(0o4000|0o2000) != 0 {
			what := "setuid"
			switch {
			case hdr.Mode&0o4000 != 0 && hdr.Mode&0o2000 != 0:
				what = "setuid and setgid"
			case hdr.Mode&0o2000 != 0:
				what = "setgid"
			}
			w.add(model.LayerFile{Kind: model.FileSetuid, Layer: layer, Path: p, Mode: hdr.Mode & 0o7777, Size: hdr.Size, What: what, DeletedIn: -1})
		}
		if c, cdir, ok := pkginstall.CacheOf(abs); ok && hdr.Size > 0 && base != "lock" {
			w.cache(layer, c, strings.TrimPrefix(cdir, "/"), hdr.Size)
		}
		if secrets.CredentialFile(p) {
			n, err := io.ReadFull(r, w.buf)
			if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
				return err
			}
			if secrets.CredentialContent(p, w.buf[:n]) {
				w.add(model.LayerFile{Kind: model.FileCredential, Layer: layer, Path: p, Mode: hdr.Mode & 0o7777, Size: hdr.Size, DeletedIn: -1})
			}
		}
	case tar.TypeLink:
		target, out := cleanName(hdr.Linkname)
		if out {
			w.noteUnsafe(hdr.Name + " => " + hdr.Linkname)
		}
		// A hard link to a credential file is that file under another name.
		for _, i := range w.byPath[target] {
			if f := w.files[i]; f.Kind == model.FileCredential && f.DeletedIn < 0 {
				f.Path, f.Layer = p, layer
				w.add(f)
				break
			}
		}
	}
	return nil
}

func (w *walker) noteUnsafe(name string) {
	if w.unsafe == 0 {
		w.unsafeName = name
	}
	w.unsafe++
}

// add keeps a notable file, up to the bound per kind.
func (w *walker) add(f model.LayerFile) {
	if w.counts[f.Kind] >= maxFilesPerKind {
		w.truncated = true
		return
	}
	w.counts[f.Kind]++
	if f.Kind == model.FileCredential || f.Kind == model.FileSetuid {
		w.byPath[f.Path] = append(w.byPath[f.Path], len(w.files))
	}
	w.files = append(w.files, f)
}

// cache adds the bytes of a package-cache file to its directory's entry.
func (w *walker) cache(layer int, c pkginstall.Cache, dir string, size int64) {
	if i, ok := w.caches[dir]; ok {
		w.files[i].Size += size
		return
	}
	if w.counts[model.FilePackageCache] >= maxFilesPerKind {
		w.truncated = true
		return
	}
	w.caches[dir] = len(w.files)
	w.add(model.LayerFile{Kind: model.FilePackageCache, Layer: layer, Path: dir, Size: size, What: c.Manager, DeletedIn: -1})
}

// leftover records a .git or .aws directory left in the image (once per
// directory and layer).
func (w *walker) leftover(layer int, p string, hdr *tar.Header) {
	for _, name := range []string{".git", ".aws"} {
		var dir string
		switch {
		case strings.HasPrefix(p, name+"/"):
			dir = name
		case strings.Contains(p, "/"+name+"/"):
			dir = p[:strings.Index(p, "/"+name+"/")+len(name)+1]
		default:
			continue
		}
		if w.leftovers[dir] || hdr.Typeflag == tar.TypeDir {
			continue
		}
		what := "a Git repository (.git)"
		if name == ".aws" {
			what = "AWS CLI configuration (.aws)"
		}
		w.leftovers[dir] = true
		w.add(model.LayerFile{Kind: model.FileLeftover, Layer: layer, Path: dir, What: what, DeletedIn: -1})
	}
}

// replaced marks notable files of lower layers at p as gone: a later layer
// wrote p again.
func (w *walker) replaced(layer int, p string) {
	for _, i := range w.byPath[p] {
		if f := &w.files[i]; f.Layer < layer && f.DeletedIn < 0 {
			f.DeletedIn = layer
		}
	}
}

// applyWhiteouts marks notable files of lower layers deleted by the
// layer's whiteouts and opaque directories.
func (w *walker) applyWhiteouts(layer int, whiteouts, opaque map[string]bool) {
	if whiteouts["etc/shadow"] || opaque["etc"] || opaque[""] {
		w.shadow = nil
	}
	if len(whiteouts) == 0 && len(opaque) == 0 {
		return
	}
	for i := range w.files {
		f := &w.files[i]
		if f.Layer >= layer || f.DeletedIn >= 0 {
			continue
		}
		if whiteouts[f.Path] {
			f.DeletedIn = layer
			continue
		}
		for d, depth := path.Dir(f.Path), 0; depth < 256; d, depth = path.Dir(d), depth+1 {
			if d == "." {
				d = ""
			}
			if whiteouts[d] && d != "" || opaque[d] {
				f.DeletedIn = layer
				break
			}
			if d == "" {
				break
			}
		}
	}
}

// emptyPasswords lists the accounts of the final /etc/shadow whose
// password field is empty: anyone may log in as them without a password.
func (w *walker) emptyPasswords() []string {
	var out []string
	for _, line := range strings.Split(string(w.shadow), "\n") {
		fields := strings.Split(line, ":")
		if len(fields) < 2 || fields[0] == "" || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[1] == "" {
			out = append(out, fields[0])
		}
	}
	sort.Strings(out)
	return out
}
