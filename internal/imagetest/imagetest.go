// Package imagetest builds container images for tests, in memory with
// go-containerregistry (no Docker), and serves them from its in-process
// registry on loopback.
package imagetest

import (
	"archive/tar"
	"bytes"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Entry is one tar entry of a layer.
type Entry struct {
	Name, Body, Link string
	Mode             int64
	// Type is the tar type flag (default: a regular file, or a directory
	// for names ending in "/").
	Type byte
}

// Tar writes entries as a tar stream.
func Tar(entries ...Entry) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		typ := e.Type
		if typ == 0 {
			typ = tar.TypeReg
			if strings.HasSuffix(e.Name, "/") {
				typ = tar.TypeDir
			}
		}
		mode := e.Mode
		if mode == 0 {
			mode = 0o644
		}
		hdr := &tar.Header{Name: e.Name, Typeflag: typ, Mode: mode, Linkname: e.Link, Format: tar.FormatPAX}
		if typ == tar.TypeReg {
			hdr.Size = int64(len(e.Body))
		}
		must(tw.WriteHeader(hdr))
		if typ == tar.TypeReg {
			_, err := tw.Write([]byte(e.Body))
			must(err)
		}
	}
	must(tw.Close())
	return buf.Bytes()
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Layer makes a gzip layer of entries.
func Layer(entries ...Entry) v1.Layer {
	data := Tar(entries...)
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	must(err)
	return l
}

// Step is a history step and the layer it created (nil: none).
type Step struct {
	CreatedBy string
	Layer     v1.Layer
}

// Build makes a linux/amd64 image of the steps, with the configuration
// edited by cfg (may be nil).
func Build(cfg func(*v1.ConfigFile), steps ...Step) v1.Image {
	img := empty.Image
	for _, s := range steps {
		var err error
		if s.Layer == nil {
			img, err = mutate.Append(img, mutate.Addendum{History: v1.History{CreatedBy: s.CreatedBy, EmptyLayer: true}})
		} else {
			img, err = mutate.Append(img, mutate.Addendum{Layer: s.Layer, History: v1.History{CreatedBy: s.CreatedBy}})
		}
		must(err)
	}
	cf, err := img.ConfigFile()
	must(err)
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", "amd64"
	if cfg != nil {
		cfg(cf)
	}
	img, err = mutate.ConfigFile(img, cf)
	must(err)
	return img
}

// NPMRC is an .npmrc holding a (fake) token.
const NPMRC = "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n"

// Insecure is an image with one of everything the image rules report:
// root user, a secret in Env, port 22, no health check, an empty root
// password, a setuid file, apt lists, an .npmrc deleted in a later layer,
// curl | sh with a secret build argument, a .git directory, and two tar
// entries whose names leave the layer.
func Insecure() v1.Image {
	return Build(func(c *v1.ConfigFile) {
		c.Config.Env = []string{"PATH=/usr/bin", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8k2Lm9Xa"}
		c.Config.ExposedPorts = map[string]struct{}{"22/tcp": {}, "8080/tcp": {}}
	},
		Step{"/bin/sh -c #(nop) ADD file:4f3a in / ", Layer(
			Entry{Name: "etc/"},
			Entry{Name: "etc/shadow", Body: "root::19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n"},
			Entry{Name: "usr/bin/su", Body: "ELF", Mode: 0o4755},
		)},
		Step{"/bin/sh -c #(nop)  ENV PATH=/usr/bin", nil},
		Step{"RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit", Layer(
			Entry{Name: "var/lib/apt/lists/deb.debian.org_dists_Packages", Body: strings.Repeat("x", 1000)},
			Entry{Name: "var/lib/apt/lists/lock", Body: ""},
			Entry{Name: "root/.npmrc", Body: NPMRC},
		)},
		Step{"RUN /bin/sh -c rm /root/.npmrc # buildkit", Layer(Entry{Name: "root/.wh..npmrc"})},
		Step{"RUN |1 NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789 /bin/sh -c curl -fsSL https://get.example.com | sh # buildkit", Layer(
			Entry{Name: "app/.git/HEAD", Body: "ref: refs/heads/main\n"},
			Entry{Name: "app/.git/config", Body: "[core]\n"},
			Entry{Name: "/abs/path", Body: "x"},
			Entry{Name: "../../escape", Body: "x"},
		)},
	)
}

// Clean is an image no image rule reports on (but image/size, which is
// informational, and image/unsigned for registry images).
func Clean() v1.Image {
	return Build(func(c *v1.ConfigFile) {
		c.Config.User = "10001"
		c.Config.Healthcheck = &v1.HealthConfig{Test: []string{"CMD", "/app", "healthcheck"}}
		c.Config.Entrypoint = []string{"/app"}
	},
		Step{"COPY /app /app # buildkit", Layer(Entry{Name: "app", Body: "ELF", Mode: 0o755})},
		Step{"USER 10001", nil},
	)
}

// Caches is an image whose RUN steps install packages without cleaning up
// as far as their command lines show: apt-get in an image whose apt
// configuration removes the lists (nothing left in the layer), apk add
// without --no-cache (its cache left in the layer), and apt-get without
// --no-install-recommends (nothing left, but extra packages).
func Caches() v1.Image {
	return Build(func(c *v1.ConfigFile) {
		c.Config.User = "10001"
		c.Config.Healthcheck = &v1.HealthConfig{Test: []string{"CMD", "/app", "healthcheck"}}
	},
		Step{"RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl # buildkit", Layer(
			Entry{Name: "usr/bin/curl", Body: "ELF", Mode: 0o755},
		)},
		Step{"RUN /bin/sh -c apk add curl # buildkit", Layer(
			Entry{Name: "var/cache/apk/APKINDEX.tar.gz", Body: strings.Repeat("x", 500)},
		)},
		Step{"RUN /bin/sh -c apt-get update && apt-get install -y jq # buildkit", Layer(
			Entry{Name: "usr/bin/jq", Body: "ELF", Mode: 0o755},
		)},
	)
}

// WriteTarball writes img as a docker save tarball tagged tag.
func WriteTarball(path, tag string, img v1.Image) error {
	t, err := name.NewTag(tag)
	if err != nil {
		return err
	}
	return tarball.WriteToFile(path, t, img)
}

// Serve starts an in-process registry on loopback and returns its host
// ("127.0.0.1:PORT"); it stops at the end of the test.
func Serve(t testing.TB) string {
	t.Helper()
	s := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0)), registry.WithReferrersSupport(true)))
	t.Cleanup(s.Close)
	return strings.TrimPrefix(s.URL, "http://")
}

// Push writes an image or an index to a loopback registry.
func Push(t testing.TB, ref string, img any) name.Reference {
	t.Helper()
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	switch v := img.(type) {
	case v1.Image:
		err = remote.Write(r, v)
	case v1.ImageIndex:
		err = remote.WriteIndex(r, v)
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}
