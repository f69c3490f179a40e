package execaudit

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/secrets"
)

// FileOptions bound what ReadFiles reads.
type FileOptions struct {
	// MaxFileSize is the largest file read, as stored (default 64 MiB).
	MaxFileSize int64
	// MaxDecompressed is the most a .json.gz file may expand to (default 1 GiB;
	// records are decoded one at a time, so memory stays small).
	MaxDecompressed int64
	// Secrets masks secret-looking words of commands (nil: secrets.Default).
	Secrets *secrets.Detector
}

// Default limits of ReadFiles.
const (
	DefaultMaxFileSize     = 64 << 20
	DefaultMaxDecompressed = 1 << 30
)

// Read is what was read: the events, what could not be read, and counts.
type Read struct {
	Events      []Event
	Diagnostics []finding.Diagnostic
	// Files is the number of log files read, Digests the digest files skipped.
	Files, Digests int
	// Records is the number of CloudTrail records read.
	Records int
}

func (r *Read) errorf(file, format string, args ...any) {
	r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: model.Pos{File: file}, Level: finding.LevelError, Message: fmt.Sprintf(format, args...)})
}

// ReadFiles reads CloudTrail log files as delivered to S3 (.json and
// .json.gz; directories are walked, digest files skipped). A file that
// cannot be read is an error diagnostic and the others are still read.
func ReadFiles(paths []string, o FileOptions) *Read {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	if o.MaxDecompressed <= 0 {
		o.MaxDecompressed = DefaultMaxDecompressed
	}
	if o.Secrets == nil {
		o.Secrets = secrets.Default
	}
	r := &Read{}
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			r.errorf(p, "cannot read %s: %v", p, unwrapPath(err))
			continue
		}
		if !info.IsDir() {
			files = append(files, p) // named explicitly: read whatever its name
			continue
		}
		found := 0
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				r.errorf(path, "cannot read %s: %v", path, unwrapPath(err))
				return nil
			}
			if d.IsDir() || !isLogName(d.Name()) {
				return nil
			}
			if isDigestName(path) {
				r.Digests++
				return nil
			}
			files = append(files, path)
			found++
			return nil
		})
		if err != nil {
			r.errorf(p, "cannot walk %s: %v", p, err)
		}
		if found == 0 {
			r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: model.Pos{File: p}, Level: finding.LevelWarning,
				Message: "no CloudTrail log files (*.json, *.json.gz) under " + p})
		}
	}
	sort.Strings(files)
	seen := map[string]bool{}
	for _, f := range files {
		n := len(r.Events)
		digest, err := r.readFile(f, o)
		switch {
		case err != nil:
			r.Events = r.Events[:n] // a broken file adds nothing
			r.errorf(f, "%s: %v", f, err)
		case digest:
			r.Digests++
		default:
			r.Files++
		}
		// The same event can be in several trails' files.
		kept := r.Events[:n]
		for _, ev := range r.Events[n:] {
			if ev.ID == "" || !seen[ev.ID] {
				seen[ev.ID] = true
				kept = append(kept, ev)
			}
		}
		r.Events = kept
	}
	return r
}

// isLogName reports whether a file name is a CloudTrail log file's.
func isLogName(name string) bool {
	return strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".json.gz")
}

// isDigestName reports whether a path is a CloudTrail digest file's
// (AWSLogs/ACCOUNT/CloudTrail-Digest/... or *_CloudTrail-Digest_*).
func isDigestName(path string) bool {
	return strings.Contains(filepath.ToSlash(path), "CloudTrail-Digest")
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readFile reads one log file; digest is true for a digest file.
func (r *Read) readFile(path string, o FileOptions) (digest bool, err error) {
	fh, err := safefs.Open(path)
	if err != nil {
		return false, unwrapPath(err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return false, err
	}
	if info.Size() > o.MaxFileSize {
		return false, fmt.Errorf("%s is larger than the %s limit", safefs.MB(info.Size()), safefs.MB(o.MaxFileSize))
	}
	var in io.Reader = io.LimitReader(fh, o.MaxFileSize+1)
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return false, fmt.Errorf("not a gzip file: %v", err)
		}
		defer zr.Close()
		in = &limitedReader{r: zr, left: o.MaxDecompressed, limit: o.MaxDecompressed}
	}
	return r.decode(in, path, o.Secrets)
}

// limitedReader fails once more than limit bytes were read.
type limitedReader struct {
	r           io.Reader
	left, limit int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, l.tooLarge()
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, l.tooLarge()
	}
	return n, err
}

func (l *limitedReader) tooLarge() error {
	return fmt.Errorf("it decompresses to more than %s", safefs.MB(l.limit))
}

// decode reads {"Records": [...]} one record at a time. A file with the
// members of a digest file and no Records is a digest.
func (r *Read) decode(in io.Reader, source string, det *secrets.Detector) (digest bool, err error) {
	dec := json.NewDecoder(in)
	if err := expectDelim(dec, '{'); err != nil {
		return false, fmt.Errorf("not a CloudTrail log file (want a JSON object with Records): %v", err)
	}
	sawRecords := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false, jsonErr(err)
		}
		key, _ := tok.(string)
		if key != "Records" {
			if strings.HasPrefix(key, "digest") {
				digest = true
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return false, jsonErr(err)
			}
			continue
		}
		sawRecords = true
		if err := expectDelim(dec, '['); err != nil {
			return false, fmt.Errorf("the Records member is not a list: %v", err)
		}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return false, jsonErr(err)
			}
			r.Records++
			ev, ok, err := parseRecord(raw, source, det)
			if err != nil {
				return false, fmt.Errorf("record %d: %v", i+1, err)
			}
			if ok {
				r.Events = append(r.Events, ev)
			}
		}
		if _, err := dec.Token(); err != nil {
			return false, jsonErr(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return false, jsonErr(err)
	}
	if !sawRecords && !digest {
		return false, fmt.Errorf("not a CloudTrail log file: no Records")
	}
	return !sawRecords && digest, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v", tok)
	}
	return nil
}

func jsonErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("the file ends too early (truncated?)")
	}
	return err
}
