package image

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// DefaultPlatform is the platform read from a multi-platform image unless
// another is asked for.
const DefaultPlatform = "linux/amd64"

// maxMetadata bounds the size of an index, manifest or configuration read
// into memory.
const maxMetadata = 8 << 20

// Options configure how images are found and read.
type Options struct {
	// Platform picks the image of a multi-platform index ("linux/arm64";
	// default linux/amd64).
	Platform string
	// AllPlatforms reads every image of an index.
	AllPlatforms bool
	// Insecure allows plain HTTP to loopback registries (only).
	Insecure bool
	// Keychain finds registry credentials (default: ~/.docker/config.json,
	// then ECR through the AWS SDK).
	Keychain authn.Keychain
	// Transport is the HTTP transport for registries (default: Go's).
	Transport http.RoundTripper
	// Context bounds registry requests.
	Context context.Context
}

// resolved is one image to analyse, however it was found.
type resolved struct {
	// source is "tarball", "layout" or "registry".
	source string
	// digest is the manifest digest; index the digest of the index it was
	// picked from, when any.
	digest, index string
	platform      string
	// name is a tag or name the source gives the image, for display.
	name   string
	config *v1.ConfigFile
	layers []layerSource
	// repo and remoteOpts are set for registry images, for signatures.
	repo       *name.Repository
	remoteOpts []remote.Option
}

// layerSource is one layer to stream.
type layerSource struct {
	// digest is the compressed digest to verify ("" when the reader
	// verifies it or it is not known), diffID the digest of the tar stream.
	digest, diffID string
	// shownDigest is the layer's digest to show.
	shownDigest string
	size        int64
	mediaType   types.MediaType
	open        func() (io.ReadCloser, error)
}

// IsLoopback reports whether a registry host (with or without port) is a
// loopback address or localhost.
func IsLoopback(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// LooksLikeFile reports whether ref names something on disk rather than a
// registry image.
func LooksLikeFile(ref string) bool {
	_, err := os.Stat(ref)
	return err == nil
}

// resolve finds the images a reference names: a docker save tarball or an
// OCI layout (a directory or a tar of one) on disk, else a registry image.
func resolve(ref string, o Options) ([]*resolved, error) {
	if info, err := os.Stat(ref); err == nil {
		if info.IsDir() {
			if _, err := os.Stat(filepath.Join(ref, "index.json")); err != nil {
				return nil, errors.New("directory is not an OCI image layout: it has no index.json")
			}
			return readOCI(dirOpener(ref), "layout", o)
		}
		return readTar(ref, o)
	}
	if strings.HasSuffix(ref, ".tar") || strings.HasPrefix(ref, ".") || strings.HasPrefix(ref, "/") {
		return nil, errors.New("no such file or directory")
	}
	return readRemote(ref, o)
}

// opener opens a file of a layout or a tarball by its slash path.
type opener func(name string) (io.ReadCloser, error)

func dirOpener(dir string) opener {
	return func(name string) (io.ReadCloser, error) {
		if !validPath(name) {
			return nil, fmt.Errorf("invalid path %q", name)
		}
		return os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	}
}

// validPath reports whether a path stays inside the layout.
func validPath(name string) bool {
	return name != "" && !strings.HasPrefix(name, "/") && !strings.Contains("/"+name+"/", "/../")
}

// tarOpener opens a file inside a tar archive on disk, following links
// inside the archive (docker save writes duplicate layers as symlinks) a
// bounded number of times. Each open reads the archive's headers from the
// start; the data of entries before it is skipped with Seek.
func tarOpener(file string) opener {
	return func(name string) (io.ReadCloser, error) {
		want := path.Clean(name)
		for hops := 0; hops < 8; hops++ {
			f, err := os.Open(file)
			if err != nil {
				return nil, err
			}
			tr := tar.NewReader(f)
			found := false
			for {
				hdr, err := tr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					f.Close()
					return nil, readError("image archive", err)
				}
				if path.Clean(hdr.Name) != want {
					continue
				}
				if hdr.Typeflag == tar.TypeSymlink || hdr.Typeflag == tar.TypeLink {
					f.Close()
					if hdr.Typeflag == tar.TypeSymlink {
						want = path.Clean(path.Join(path.Dir(want), hdr.Linkname))
					} else {
						want = path.Clean(hdr.Linkname)
					}
					found = true
					break
				}
				return struct {
					io.Reader
					io.Closer
				}{tr, f}, nil
			}
			if !found {
				f.Close()
				return nil, fmt.Errorf("%s not found in the archive", want)
			}
		}
		return nil, fmt.Errorf("%s: too many links", name)
	}
}

// readAll reads a small file through an opener.
func readAll(open opener, name string) ([]byte, error) {
	rc, err := open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxMetadata+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMetadata {
		return nil, fmt.Errorf("%s is over %d MB", name, maxMetadata>>20)
	}
	return data, nil
}

// readTar reads a docker save tarball (manifest.json), or an OCI layout
// archived as a tar (index.json).
func readTar(file string, o Options) ([]*resolved, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if kind := compressedKind(magic[:n]); kind != "" {
		f.Close()
		return nil, fmt.Errorf("not an image archive: the file is %s-compressed; decompress it first (a docker save tarball or an OCI layout tar is read as a plain tar)", kind)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	hasManifest, hasIndex := false, false
	tr := tar.NewReader(f)
	for entries := 0; ; entries++ {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			if entries == 0 {
				return nil, errors.New("not an image archive: the file is not a tar archive (a docker save tarball, or an OCI layout as a tar or a directory, is expected)")
			}
			return nil, readError("the tar archive", err)
		}
		switch path.Clean(hdr.Name) {
		case "manifest.json":
			hasManifest = true
		case "index.json":
			hasIndex = true
		}
	}
	f.Close()
	open := tarOpener(file)
	switch {
	case hasManifest:
		return readDockerSave(file, open)
	case hasIndex:
		return readOCI(open, "layout", o)
	}
	return nil, errors.New("not an image archive: it has neither manifest.json (docker save) nor index.json (OCI layout)")
}

// compressedKind names the compression of data by its first bytes: "gzip",
// "zstd", or "" for neither.
func compressedKind(magic []byte) string {
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		return "gzip"
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return "zstd"
	}
	return ""
}

// readDockerSave reads the images of a docker save tarball.
func readDockerSave(file string, open opener) ([]*resolved, error) {
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(file) })
	if err != nil {
		return nil, fmt.Errorf("manifest.json: %v", err)
	}
	if len(m) == 0 {
		return nil, errors.New("manifest.json lists no image")
	}
	var out []*resolved
	for _, d := range m {
		raw, err := readAll(open, d.Config)
		if err != nil {
			return nil, fmt.Errorf("image configuration %s: %v", d.Config, err)
		}
		cfg, err := v1.ParseConfigFile(strings.NewReader(string(raw)))
		if err != nil {
			return nil, fmt.Errorf("image configuration %s: %v", d.Config, err)
		}
		if len(d.Layers) != len(cfg.RootFS.DiffIDs) {
			return nil, fmt.Errorf("manifest.json lists %d layers but the image configuration has %d", len(d.Layers), len(cfg.RootFS.DiffIDs))
		}
		r := &resolved{source: "tarball", config: cfg, platform: platformOf(cfg)}
		// A docker save tarball holds no manifest: the image is known by its
		// configuration's digest (docker's image ID).
		if id, _, err := v1.SHA256(strings.NewReader(string(raw))); err == nil {
			r.digest = id.String()
		}
		if len(d.RepoTags) > 0 {
			r.name = d.RepoTags[0]
		}
		for i, p := range d.Layers {
			p := p
			diffID := cfg.RootFS.DiffIDs[i].String()
			if src, ok := d.LayerSources[cfg.RootFS.DiffIDs[i]]; ok && !src.MediaType.IsDistributable() {
				r.layers = append(r.layers, layerSource{diffID: diffID, shownDigest: diffID, size: src.Size, mediaType: src.MediaType})
				continue
			}
			r.layers = append(r.layers, layerSource{diffID: diffID, shownDigest: diffID, size: -1, open: func() (io.ReadCloser, error) { return open(p) }})
		}
		out = append(out, r)
	}
	return out, nil
}

// platformOf is the os/arch[/variant] of an image configuration.
func platformOf(cfg *v1.ConfigFile) string {
	if cfg == nil || cfg.OS == "" {
		return ""
	}
	p := v1.Platform{OS: cfg.OS, Architecture: cfg.Architecture, Variant: cfg.Variant}
	return p.String()
}

// wantPlatform parses the requested platform.
func wantPlatform(o Options) (*v1.Platform, error) {
	s := o.Platform
	if s == "" {
		s = DefaultPlatform
	}
	p, err := v1.ParsePlatform(s)
	if err != nil {
		return nil, fmt.Errorf("--platform %q: %v", s, err)
	}
	return p, nil
}

// candidate is an image manifest of an index.
type candidate struct {
	desc  v1.Descriptor
	index string
}

// attestation reports whether an index entry is a BuildKit attestation
// manifest rather than an image to run.
func attestation(d v1.Descriptor) bool {
	return d.Annotations["vnd.docker.reference.type"] == "attestation-manifest" ||
		d.Platform != nil && d.Platform.OS == "unknown"
}

// pick chooses the images of an index to read: every one with
// AllPlatforms, the one matching the platform otherwise (a lone image of
// unknown platform is taken as it is).
func pick(cands []candidate, platformOfDesc func(v1.Descriptor) string, o Options) ([]candidate, error) {
	var real []candidate
	for _, c := range cands {
		if !attestation(c.desc) {
			real = append(real, c)
		}
	}
	if len(real) == 0 {
		return nil, errors.New("the index holds no image manifest")
	}
	if o.AllPlatforms {
		return real, nil
	}
	want, err := wantPlatform(o)
	if err != nil {
		return nil, err
	}
	if len(real) == 1 && o.Platform == "" {
		return real, nil
	}
	var have []string
	for _, c := range real {
		ps := platformOfDesc(c.desc)
		p, err := v1.ParsePlatform(ps)
		if ps != "" && err == nil && p.Satisfies(*want) {
			return []candidate{c}, nil
		}
		if ps == "" {
			ps = "unknown platform"
		}
		have = append(have, ps)
	}
	sort.Strings(have)
	return nil, fmt.Errorf("no image for platform %s; the index has %s (choose one with --platform, or --all-platforms)", want, strings.Join(have, ", "))
}

// readOCI reads an OCI image layout through an opener.
func readOCI(open opener, source string, o Options) ([]*resolved, error) {
	raw, err := readAll(open, "index.json")
	if err != nil {
		return nil, fmt.Errorf("index.json: %v", err)
	}
	var cands []candidate
	var walk func(raw []byte, where, digest string, depth int) error
	walk = func(raw []byte, where, digest string, depth int) error {
		im, err := v1.ParseIndexManifest(strings.NewReader(string(raw)))
		if err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		for _, d := range im.Manifests {
			switch {
			case d.MediaType.IsIndex():
				if depth >= 4 {
					return fmt.Errorf("%s: indexes nested too deep", where)
				}
				child, err := readAll(open, blobPath(d.Digest))
				if err != nil {
					return fmt.Errorf("index %s: %v", d.Digest, err)
				}
				if err := walk(child, "index "+d.Digest.String(), d.Digest.String(), depth+1); err != nil {
					return err
				}
			case d.MediaType.IsImage():
				cands = append(cands, candidate{desc: d, index: digest})
			}
		}
		return nil
	}
	if err := walk(raw, "index.json", "", 0); err != nil {
		return nil, err
	}
	configs := map[string]*v1.ConfigFile{}
	manifests := map[string]*v1.Manifest{}
	load := func(d v1.Descriptor) (*v1.Manifest, *v1.ConfigFile, error) {
		if m, ok := manifests[d.Digest.String()]; ok {
			return m, configs[d.Digest.String()], nil
		}
		mraw, err := readAll(open, blobPath(d.Digest))
		if err != nil {
			return nil, nil, fmt.Errorf("manifest %s: %v", d.Digest, err)
		}
		if got, _, _ := v1.SHA256(strings.NewReader(string(mraw))); got != d.Digest {
			return nil, nil, fmt.Errorf("manifest %s: digest mismatch (its content has digest %s)", d.Digest, got)
		}
		m, err := v1.ParseManifest(strings.NewReader(string(mraw)))
		if err != nil {
			return nil, nil, fmt.Errorf("manifest %s: %v", d.Digest, err)
		}
		craw, err := readAll(open, blobPath(m.Config.Digest))
		if err != nil {
			return nil, nil, fmt.Errorf("image configuration %s: %v", m.Config.Digest, err)
		}
		if got, _, _ := v1.SHA256(strings.NewReader(string(craw))); got != m.Config.Digest {
			return nil, nil, fmt.Errorf("image configuration %s: digest mismatch (its content has digest %s)", m.Config.Digest, got)
		}
		cfg, err := v1.ParseConfigFile(strings.NewReader(string(craw)))
		if err != nil {
			return nil, nil, fmt.Errorf("image configuration %s: %v", m.Config.Digest, err)
		}
		manifests[d.Digest.String()], configs[d.Digest.String()] = m, cfg
		return m, cfg, nil
	}
	platformOfDesc := func(d v1.Descriptor) string {
		if d.Platform != nil {
			return d.Platform.String()
		}
		if _, cfg, err := load(d); err == nil {
			return platformOf(cfg)
		}
		return ""
	}
	chosen, err := pick(cands, platformOfDesc, o)
	if err != nil {
		return nil, err
	}
	var out []*resolved
	for _, c := range chosen {
		m, cfg, err := load(c.desc)
		if err != nil {
			return nil, err
		}
		r, err := fromManifest(m, cfg, func(l v1.Descriptor) func() (io.ReadCloser, error) {
			return func() (io.ReadCloser, error) { return open(blobPath(l.Digest)) }
		}, true)
		if err != nil {
			return nil, err
		}
		r.source, r.digest, r.index = source, c.desc.Digest.String(), c.index
		r.name = c.desc.Annotations["io.containerd.image.name"]
		if r.name == "" {
			r.name = c.desc.Annotations["org.opencontainers.image.ref.name"]
		}
		out = append(out, r)
	}
	return out, nil
}

// fromManifest lists the layers of an image manifest; verify says whether
// the walker must check the blobs' digests (a registry client does it
// itself).
func fromManifest(m *v1.Manifest, cfg *v1.ConfigFile, open func(v1.Descriptor) func() (io.ReadCloser, error), verify bool) (*resolved, error) {
	if len(m.Layers) != len(cfg.RootFS.DiffIDs) {
		return nil, fmt.Errorf("the manifest lists %d layers but the image configuration has %d", len(m.Layers), len(cfg.RootFS.DiffIDs))
	}
	r := &resolved{config: cfg, platform: platformOf(cfg)}
	for i, l := range m.Layers {
		ls := layerSource{diffID: cfg.RootFS.DiffIDs[i].String(), shownDigest: l.Digest.String(), size: l.Size, mediaType: l.MediaType}
		if verify {
			ls.digest = l.Digest.String()
		}
		if l.MediaType.IsDistributable() {
			ls.open = open(l)
		}
		r.layers = append(r.layers, ls)
	}
	return r, nil
}

func blobPath(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }

// loopbackOnlyHTTP refuses plain HTTP to anything but loopback addresses:
// the registry client falls back to HTTP for private addresses by itself.
type loopbackOnlyHTTP struct {
	next     http.RoundTripper
	insecure bool
}

func (t loopbackOnlyHTTP) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "http" && (!t.insecure || !IsLoopback(req.URL.Host)) {
		return nil, fmt.Errorf("refusing plain HTTP to %s: only loopback registries may be read without TLS, with --insecure", req.URL.Host)
	}
	return t.next.RoundTrip(req)
}

// readRemote reads a registry image.
func readRemote(ref string, o Options) ([]*resolved, error) {
	var nopts []name.Option
	if o.Insecure {
		nopts = append(nopts, name.Insecure)
	}
	r, err := name.ParseReference(ref, nopts...)
	if err != nil {
		return nil, fmt.Errorf("not a file, directory or image reference: %v", err)
	}
	if o.Insecure && !IsLoopback(r.Context().RegistryStr()) {
		return nil, fmt.Errorf("--insecure is only allowed for loopback registries (localhost, 127.0.0.1, [::1]); %s is not one", r.Context().RegistryStr())
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	next := o.Transport
	if next == nil {
		next = remote.DefaultTransport
	}
	kc := o.Keychain
	if kc == nil {
		kc = DefaultKeychain
	}
	ropts := []remote.Option{
		remote.WithContext(ctx), remote.WithAuthFromKeychain(kc), remote.WithUserAgent("shipshape"),
		remote.WithTransport(loopbackOnlyHTTP{next: next, insecure: o.Insecure}),
	}
	desc, err := remote.Get(r, ropts...)
	if err != nil {
		return nil, registryError(err)
	}
	repo := r.Context()
	one := func(img v1.Image, digest, index string) (*resolved, error) {
		m, err := img.Manifest()
		if err != nil {
			return nil, registryError(err)
		}
		cfg, err := img.ConfigFile()
		if err != nil {
			return nil, registryError(err)
		}
		res, err := fromManifest(m, cfg, func(l v1.Descriptor) func() (io.ReadCloser, error) {
			return func() (io.ReadCloser, error) {
				layer, err := img.LayerByDigest(l.Digest)
				if err != nil {
					return nil, registryError(err)
				}
				rc, err := layer.Compressed()
				if err != nil {
					return nil, registryError(err)
				}
				return rc, nil
			}
		}, false)
		if err != nil {
			return nil, err
		}
		res.source, res.digest, res.index, res.repo, res.remoteOpts = "registry", digest, index, &repo, ropts
		return res, nil
	}
	if !desc.MediaType.IsIndex() {
		img, err := desc.Image()
		if err != nil {
			return nil, registryError(err)
		}
		res, err := one(img, desc.Digest.String(), "")
		if err != nil {
			return nil, err
		}
		return []*resolved{res}, nil
	}
	idx, err := desc.ImageIndex()
	if err != nil {
		return nil, registryError(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, registryError(err)
	}
	var cands []candidate
	for _, d := range im.Manifests {
		if d.MediaType.IsImage() {
			cands = append(cands, candidate{desc: d, index: desc.Digest.String()})
		}
	}
	chosen, err := pick(cands, func(d v1.Descriptor) string {
		if d.Platform != nil {
			return d.Platform.String()
		}
		return ""
	}, o)
	if err != nil {
		return nil, err
	}
	var out []*resolved
	for _, c := range chosen {
		img, err := idx.Image(c.desc.Digest)
		if err != nil {
			return nil, registryError(err)
		}
		res, err := one(img, c.desc.Digest.String(), c.index)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// registryError words a registry client error for users.
func registryError(err error) error {
	var te *transport.Error
	if errors.As(err, &te) && (te.StatusCode == http.StatusUnauthorized || te.StatusCode == http.StatusForbidden) {
		return fmt.Errorf("%v (log in with docker login, or for ECR make AWS credentials available)", err)
	}
	return err
}
