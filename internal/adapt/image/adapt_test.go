package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/compression"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/imagetest"
	"github.com/shipshape/shipshape/internal/model"
)

func sample(t testing.TB) v1.Image { return imagetest.Insecure() }

func checkSample(t *testing.T, res adapt.Result, wantSource string) {
	t.Helper()
	var errs []string
	for _, d := range res.Diagnostics {
		if d.Level == "error" {
			errs = append(errs, d.Message)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(res.States) != 1 {
		t.Fatalf("states: %d", len(res.States))
	}
	imgs := model.Of[*model.BuiltImage](res.States[0])
	if len(imgs) != 1 {
		t.Fatalf("images: %d", len(imgs))
	}
	img := imgs[0]
	if img.Source != wantSource || img.Platform != "linux/amd64" || !strings.HasPrefix(img.Digest, "sha256:") {
		t.Errorf("source %q platform %q digest %q", img.Source, img.Platform, img.Digest)
	}
	if len(img.Layers) != 4 || len(img.History) != 5 {
		t.Fatalf("layers %d history %d", len(img.Layers), len(img.History))
	}
	if img.Layers[1].Step != 2 || img.Layers[1].Files != 3 || img.Layers[1].Uncompressed == 0 || img.Layers[1].Size <= 0 {
		t.Errorf("layer 2: %+v", img.Layers[1])
	}
	got := map[string]model.LayerFile{}
	for _, f := range img.Files {
		got[string(f.Kind)+" "+f.Path] = f
	}
	want := map[string]struct{ layer, deleted int }{
		"setuid usr/bin/su":               {0, -1},
		"package-cache var/lib/apt/lists": {1, -1},
		"credential root/.npmrc":          {1, 2},
		"leftover app/.git":               {3, -1},
	}
	for k, w := range want {
		f, ok := got[k]
		if !ok {
			t.Errorf("missing %s in %v", k, got)
			continue
		}
		if f.Layer != w.layer || f.DeletedIn != w.deleted {
			t.Errorf("%s: layer %d deleted %d, want %d %d", k, f.Layer, f.DeletedIn, w.layer, w.deleted)
		}
	}
	if len(got) != len(want) {
		t.Errorf("files: %v", got)
	}
	if c := got["package-cache var/lib/apt/lists"]; c.Size != 1000 || c.What != "apt-get" {
		t.Errorf("cache: %+v", c)
	}
	if !slices.Equal(img.EmptyPasswords, []string{"root"}) {
		t.Errorf("empty passwords: %v", img.EmptyPasswords)
	}
	if !slices.Equal(img.Config.ExposedPorts, []string{"22/tcp", "8080/tcp"}) || len(img.Config.Env) != 2 {
		t.Errorf("config: %+v", img.Config)
	}
	warned := false
	for _, d := range res.Diagnostics {
		warned = warned || strings.Contains(d.Message, "2 tar entries whose names leave the layer")
	}
	if !warned {
		t.Errorf("no warning about unsafe names: %v", res.Diagnostics)
	}
	dfs := model.Of[*model.DockerfileImage](res.States[0])
	if len(dfs) != 1 || !dfs[0].FromHistory {
		t.Fatalf("history: %v", dfs)
	}
	var cmds []string
	for _, in := range dfs[0].Stages[0].Instructions {
		cmds = append(cmds, in.Cmd+"@"+itoa(in.Pos.Line))
	}
	if strings.Join(cmds, " ") != "add@1 run@3 run@4 arg@5 run@5" {
		t.Errorf("recovered: %v", cmds)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestTarball(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.tar")
	if err := imagetest.WriteTarball(path, "example.com/app:1", sample(t)); err != nil {
		t.Fatal(err)
	}
	checkSample(t, Adapt(path, "app.tar", Options{}), "tarball")
}

func TestLayout(t *testing.T) {
	checkSample(t, Adapt(writeLayout(t, sample(t)), "layout", Options{}), "layout")
}

func TestRegistry(t *testing.T) {
	host := imagetest.Serve(t)
	imagetest.Push(t, host+"/app:1", sample(t))
	res := Adapt(host+"/app:1", host+"/app:1", Options{Insecure: true})
	checkSample(t, res, "registry")
	img := model.Of[*model.BuiltImage](res.States[0])[0]
	if img.Signature.P != model.Known || img.Signature.V {
		t.Errorf("signature: %+v %s", img.Signature, img.SignatureNote)
	}
}

func TestRegistryNeedsInsecureForHTTP(t *testing.T) {
	host := imagetest.Serve(t)
	imagetest.Push(t, host+"/app:1", sample(t))
	res := Adapt(host+"/app:1", host+"/app:1", Options{})
	if len(res.States) != 0 || len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, "cannot read image") {
		t.Fatalf("%+v", res.Diagnostics)
	}
	res = Adapt("registry.example.com/app:1", "x", Options{Insecure: true})
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, "--insecure is only allowed for loopback registries") {
		t.Fatalf("%+v", res.Diagnostics)
	}
}

func TestPlatforms(t *testing.T) {
	host := imagetest.Serve(t)
	amd := sample(t)
	arm := imagetest.Build(func(c *v1.ConfigFile) { c.Architecture = "arm64"; c.Config.User = "1000" }, imagetest.Step{CreatedBy: "RUN /bin/sh -c true", Layer: imagetest.Layer(imagetest.Entry{Name: "a", Body: "b"})})
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}},
	)
	imagetest.Push(t, host+"/multi:1", idx)
	res := Adapt(host+"/multi:1", "multi", Options{Insecure: true})
	if len(res.States) != 1 || model.Of[*model.BuiltImage](res.States[0])[0].Platform != "linux/amd64" {
		t.Fatalf("default platform: %+v", res)
	}
	res = Adapt(host+"/multi:1", "multi", Options{Insecure: true, Platform: "linux/arm64"})
	if len(res.States) != 1 || model.Of[*model.BuiltImage](res.States[0])[0].Config.User != "1000" {
		t.Fatalf("arm64: %+v", res)
	}
	res = Adapt(host+"/multi:1", "multi", Options{Insecure: true, AllPlatforms: true})
	if len(res.States) != 2 || res.States[1].Scope != "multi (linux/arm64)" {
		t.Fatalf("all: %+v", res.States)
	}
	res = Adapt(host+"/multi:1", "multi", Options{Insecure: true, Platform: "linux/s390x"})
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, "no image for platform linux/s390x; the index has linux/amd64, linux/arm64") {
		t.Fatalf("%+v", res.Diagnostics)
	}
	// The same index in an OCI layout.
	dir := t.TempDir()
	if _, err := layout.Write(dir, idx); err != nil {
		t.Fatal(err)
	}
	res = Adapt(dir, "layout", Options{Platform: "linux/arm64"})
	if len(res.States) != 1 || model.Of[*model.BuiltImage](res.States[0])[0].Config.User != "1000" {
		t.Fatalf("layout arm64: %+v", res)
	}
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, want := range map[string]string{
		write("garbage.tar", []byte("this is not a tar file at all, not even close......")):                                                                        "not an image archive: the file is not a tar archive",
		write("saved.tar.gz", gzipped(t, imagetest.Tar(imagetest.Entry{Name: "manifest.json", Body: "[]"}))):                                                       "the file is gzip-compressed; decompress it first",
		write("cut.tar", imagetest.Tar(imagetest.Entry{Name: "manifest.json", Body: "[]"}, imagetest.Entry{Name: "blob", Body: strings.Repeat("x", 4096)})[:1600]): "the tar archive is truncated",
		write("plain.tar", imagetest.Tar(imagetest.Entry{Name: "hello.txt", Body: "hi"})):                                                                          "neither manifest.json",
		filepath.Join(dir, "missing.tar"): "no such file",
		dir:                               "has no index.json",
	} {
		res := Adapt(name, "x", Options{})
		if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, want) {
			t.Errorf("%s: %+v, want %q", filepath.Base(name), res.Diagnostics, want)
		}
	}
}

func gzipped(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// corruptLayout writes the sample as a layout and lets edit change the
// blob of its second layer.
func corruptLayout(t *testing.T, edit func(data []byte) []byte) adapt.Result {
	dir := t.TempDir()
	img := sample(t)
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	ls, _ := img.Layers()
	d, _ := ls[1].Digest()
	blob := filepath.Join(dir, "blobs", d.Algorithm, d.Hex)
	data, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blob, edit(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return Adapt(dir, "layout", Options{})
}

func TestCorruptLayers(t *testing.T) {
	cases := map[string]struct {
		edit func([]byte) []byte
		want string
	}{
		"truncated": {func(b []byte) []byte { return b[:len(b)/2] }, "layer 2 (sha256:"},
		"wrong digest": {func(b []byte) []byte {
			// A valid gzip layer of other content.
			rc, err := imagetest.Layer(imagetest.Entry{Name: "other", Body: "x"}).Compressed()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(rc)
			return data
		}, "layer 2 (sha256:aa7e9244a2db…): digest mismatch: the blob has digest sha256:"},
		"not gzip": {func(b []byte) []byte { return []byte("plain text, not a layer") }, "the blob does not match its digest"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res := corruptLayout(t, c.edit)
			var msgs []string
			for _, d := range res.Diagnostics {
				if d.Level == "error" {
					msgs = append(msgs, d.Message)
				}
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0], c.want) {
				t.Fatalf("%v", msgs)
			}
			t.Log(msgs[0])
		})
	}
}

// writeLayout writes img as an OCI image layout in a new directory.
func writeLayout(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tarDir packs a directory's files as a tar, as
// `docker buildx build --output type=oci` writes an OCI layout.
func tarDir(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "oci.tar")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		hdr, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if d.IsDir() {
			hdr.Name += "/"
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = tw.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLayoutTar(t *testing.T) {
	path := tarDir(t, writeLayout(t, sample(t)))
	checkSample(t, Adapt(path, "oci.tar", Options{}), "layout")
}

// recompress rebuilds img as an OCI image whose layers are compressed
// with comp (history and configuration kept).
func recompress(t *testing.T, img v1.Image, comp compression.Compression, mt types.MediaType) v1.Image {
	t.Helper()
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	out := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	next := 0
	for _, h := range cf.History {
		add := mutate.Addendum{History: h}
		if !h.EmptyLayer {
			rc, err := layers[next].Uncompressed()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			next++
			add.Layer, err = tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
				tarball.WithCompression(comp), tarball.WithMediaType(mt))
			if err != nil {
				t.Fatal(err)
			}
			add.MediaType = mt
		}
		if out, err = mutate.Append(out, add); err != nil {
			t.Fatal(err)
		}
	}
	ncf, err := out.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	ncf = ncf.DeepCopy()
	ncf.OS, ncf.Architecture, ncf.Config = cf.OS, cf.Architecture, cf.Config
	if out, err = mutate.ConfigFile(out, ncf); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestZstdLayers(t *testing.T) {
	img := recompress(t, sample(t), compression.ZStd, types.OCILayerZStd)
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		rc, err := l.Compressed()
		if err != nil {
			t.Fatal(err)
		}
		magic := make([]byte, 4)
		_, err = io.ReadFull(rc, magic)
		rc.Close()
		if err != nil || !bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}) {
			t.Fatalf("layer is not zstd: % x %v", magic, err)
		}
	}
	checkSample(t, Adapt(writeLayout(t, img), "layout", Options{}), "layout")
	host := imagetest.Serve(t)
	imagetest.Push(t, host+"/zstd:1", img)
	checkSample(t, Adapt(host+"/zstd:1", host+"/zstd:1", Options{Insecure: true}), "registry")
}
