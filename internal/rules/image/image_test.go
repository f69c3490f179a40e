package image_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/shipshape/shipshape/internal/imagetest"
	_ "github.com/shipshape/shipshape/internal/inputs"
	_ "github.com/shipshape/shipshape/internal/rules/dockerfile"
	_ "github.com/shipshape/shipshape/internal/rules/image"
	"github.com/shipshape/shipshape/internal/scan"
)

// check scans the image ref and returns its findings as "rule@line".
func check(t *testing.T, ref string, o scan.Options) []string {
	t.Helper()
	o.Images = []string{ref}
	res, err := scan.Run(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Level == "error" {
			t.Fatalf("%s", d)
		}
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.RuleID+"@"+strconv.Itoa(f.Pos.Line))
	}
	slices.Sort(out)
	return out
}

func tarball(t *testing.T, img v1.Image) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "img.tar")
	if err := imagetest.WriteTarball(p, "example.com/app:1", img); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInsecure(t *testing.T) {
	got := check(t, tarball(t, imagetest.Insecure()), scan.Options{})
	want := []string{
		"dockerfile/package-cleanup@3", // apt-get install without --no-install-recommends nor list cleanup
		"dockerfile/pipe-to-shell@5",   // curl | sh
		"dockerfile/secrets@5",         // NPM_TOKEN build argument in the history
		"image/empty-password@0",
		"image/exposed-ssh@0",
		"image/healthcheck@0",
		"image/leftover-files@5", // app/.git
		"image/package-manager-cache@3",
		"image/root-user@0",
		"image/secrets@0", // AWS_SECRET_ACCESS_KEY in Env
		"image/secrets@3", // .npmrc added in step 3, deleted in step 4
		"image/setuid@1",
		"image/size@0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestClean(t *testing.T) {
	if got := check(t, tarball(t, imagetest.Clean()), scan.Options{}); !slices.Equal(got, []string{"image/size@0"}) {
		t.Errorf("got %v", got)
	}
}

func TestRootUser(t *testing.T) {
	for user, root := range map[string]bool{"": true, "root": true, "0": true, "0:0": true, "root:root": true, " 0 ": true,
		"1000": false, "app": false, "1000:0": false, "nobody:nogroup": false} {
		img := imagetest.Build(func(c *v1.ConfigFile) { c.Config.User = user }, imagetest.Step{CreatedBy: "COPY a /a", Layer: imagetest.Layer(imagetest.Entry{Name: "a", Body: "x"})})
		got := check(t, tarball(t, img), scan.Options{})
		if slices.Contains(got, "image/root-user@0") != root {
			t.Errorf("User %q: %v", user, got)
		}
	}
}

func TestSecretsDeletedOrKept(t *testing.T) {
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
	img := imagetest.Build(func(c *v1.ConfigFile) { c.Config.User = "1000" },
		imagetest.Step{CreatedBy: "COPY . /src # buildkit", Layer: imagetest.Layer(
			imagetest.Entry{Name: "src/deploy/id_ed25519", Body: key},
			imagetest.Entry{Name: "src/.env", Body: "DB_PASSWORD=hunter2hunter2\n"},
			imagetest.Entry{Name: "src/.env.example", Body: "DB_PASSWORD=\n"},
			imagetest.Entry{Name: "src/certs/ca.pem", Body: "-----BEGIN CERTIFICATE-----\n"},
			imagetest.Entry{Name: "src/empty.key", Body: "public, not a key"},
		)},
		imagetest.Step{CreatedBy: "RUN /bin/sh -c rm -rf /src/deploy # buildkit", Layer: imagetest.Layer(imagetest.Entry{Name: "src/.wh.deploy"})},
	)
	res, err := scan.Run(scan.Options{Images: []string{tarball(t, img)}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range res.Findings {
		if f.RuleID == "image/secrets" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0]+msgs[1], "/src/deploy/id_ed25519; layer 2 (RUN rm -rf /src/deploy) deletes or replaces it, but it stays readable") ||
		!strings.Contains(msgs[0]+msgs[1], "/src/.env; it is in the image") {
		t.Errorf("%q", msgs)
	}
}

func TestUnsigned(t *testing.T) {
	host := imagetest.Serve(t)
	img := imagetest.Clean()
	digest, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	imagetest.Push(t, host+"/unsigned:1", img)
	imagetest.Push(t, host+"/cosign:1", img)
	imagetest.Push(t, host+"/cosign:sha256-"+digest.Hex+".sig", imagetest.Build(nil))
	imagetest.Push(t, host+"/referrer:1", img)
	sig := mutate.Subject(mutate.ConfigMediaType(empty.Image, types.MediaType("application/vnd.dev.cosign.artifact.sig.v1+json")),
		v1.Descriptor{MediaType: types.DockerManifestSchema2, Digest: digest, Size: sizeOf(t, img)}).(v1.Image)
	sigDigest, _ := sig.Digest()
	imagetest.Push(t, host+"/referrer@"+sigDigest.String(), sig)
	// A Notation signature: an OCI manifest whose artifact type (its config
	// media type, as Notation writes it for registries of OCI 1.0) is
	// application/vnd.cncf.notary.signature, with a JWS envelope as layer.
	imagetest.Push(t, host+"/notation:1", img)
	envelope := static.NewLayer([]byte(`{"payload":"e30","protected":"e30","signature":"c2ln"}`), "application/jose+json")
	notation, err := mutate.Append(mutate.MediaType(mutate.ConfigMediaType(empty.Image, "application/vnd.cncf.notary.signature"), types.OCIManifestSchema1),
		mutate.Addendum{Layer: envelope})
	if err != nil {
		t.Fatal(err)
	}
	notation = mutate.Subject(notation, v1.Descriptor{MediaType: types.DockerManifestSchema2, Digest: digest, Size: sizeOf(t, img)}).(v1.Image)
	notationDigest, _ := notation.Digest()
	imagetest.Push(t, host+"/notation@"+notationDigest.String(), notation)
	// A referrer of another type is no signature.
	imagetest.Push(t, host+"/sbom:1", img)
	sbom := mutate.Subject(mutate.ConfigMediaType(empty.Image, "application/spdx+json"),
		v1.Descriptor{MediaType: types.DockerManifestSchema2, Digest: digest, Size: sizeOf(t, img)}).(v1.Image)
	sbomDigest, _ := sbom.Digest()
	imagetest.Push(t, host+"/sbom@"+sbomDigest.String(), sbom)
	for repo, unsigned := range map[string]bool{"unsigned": true, "cosign": false, "referrer": false, "notation": false, "sbom": true} {
		got := check(t, host+"/"+repo+":1", scan.Options{Insecure: true})
		if slices.Contains(got, "image/unsigned@0") != unsigned {
			t.Errorf("%s: %v", repo, got)
		}
	}
	// Files are not looked up.
	if got := check(t, tarball(t, img), scan.Options{}); slices.Contains(got, "image/unsigned@0") {
		t.Errorf("tarball: %v", got)
	}
}

func sizeOf(t *testing.T, img v1.Image) int64 {
	raw, err := img.RawManifest()
	if err != nil {
		t.Fatal(err)
	}
	return int64(len(raw))
}

// TestPackageCleanupYields: on a recovered history, dockerfile/package-cleanup
// reports the recommended packages and the package lists apart; where the
// layer a step wrote was read, the lists are judged by image/package-manager-cache
// (reported when the layer holds them, not at all when it does not) and only
// the --no-install-recommends finding stays. Where the layer was not read
// (a foreign layer), both history findings stay.
func TestPackageCleanupYields(t *testing.T) {
	messages := func(ref string) map[string][]string {
		res, err := scan.Run(scan.Options{Images: []string{ref}})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, f := range res.Findings {
			k := f.RuleID + "@" + strconv.Itoa(f.Pos.Line)
			out[k] = append(out[k], f.Message)
		}
		return out
	}
	const recommends = "apt-get install in the image keeps package caches or extras; add --no-install-recommends"
	const lists = "apt-get install in the image keeps package caches or extras; remove /var/lib/apt/lists/* in the same RUN"
	run := "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit"
	withLists := imagetest.Layer(imagetest.Entry{Name: "var/lib/apt/lists/deb.debian.org_dists_Packages", Body: strings.Repeat("x", 1000)})
	withoutLists := imagetest.Layer(imagetest.Entry{Name: "usr/bin/curl", Body: "ELF", Mode: 0o755})
	user := func(c *v1.ConfigFile) { c.Config.User = "1000" }

	got := messages(tarball(t, imagetest.Build(user, imagetest.Step{CreatedBy: run, Layer: withLists}, imagetest.Step{CreatedBy: run, Layer: withoutLists})))
	for k, want := range map[string][]string{
		"dockerfile/package-cleanup@1":  {recommends},
		"dockerfile/package-cleanup@2":  {recommends},
		"image/package-manager-cache@1": {"layer 1 (RUN apt-get update && apt-get install -y curl) leaves 1000 bytes of apt-get cache in /var/lib/apt/lists; remove /var/lib/apt/lists/* in the same RUN"},
		"image/package-manager-cache@2": nil,
	} {
		if !slices.Equal(got[k], want) {
			t.Errorf("%s: got %q, want %q", k, got[k], want)
		}
	}

	// A foreign layer is not read: the history is the only witness.
	img, err := mutate.Append(empty.Image, mutate.Addendum{Layer: withLists, MediaType: types.DockerForeignLayer, History: v1.History{CreatedBy: run}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "layout")
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	got = messages(dir)
	if want := []string{recommends, lists}; !slices.Equal(got["dockerfile/package-cleanup@1"], want) {
		t.Errorf("foreign layer: got %q, want %q", got["dockerfile/package-cleanup@1"], want)
	}
}

// TestUnsignedOCIReferrers: a Notation signature of the OCI 1.1 form (an
// artifact manifest whose artifactType is application/vnd.cncf.notary.signature,
// with the empty config descriptor) signs the image, found through the
// referrers API or, on a registry without it, through the referrers tag
// schema (an index tagged sha256-<digest>); an SBOM referrer does not.
func TestUnsignedOCIReferrers(t *testing.T) {
	img := imagetest.Clean()
	digest, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	subject := v1.Descriptor{MediaType: types.DockerManifestSchema2, Digest: digest, Size: sizeOf(t, img)}
	const notary = "application/vnd.cncf.notary.signature"
	for _, api := range []bool{true, false} {
		reg := imagetest.ServeOCI(t, api)
		imagetest.Push(t, reg.Host+"/notation:1", img)
		imagetest.PushArtifact(t, reg.Host+"/notation", subject, notary, "application/jose+json", []byte(`{"payload":"e30","protected":"e30","signature":"c2ln"}`))
		imagetest.Push(t, reg.Host+"/sbom:1", img)
		imagetest.PushArtifact(t, reg.Host+"/sbom", subject, "application/spdx+json", "application/spdx+json", []byte(`{"spdxVersion":"SPDX-2.3"}`))

		// The registry lists the signature as a real one does.
		var listed v1.ImageIndex
		if api {
			var d name.Digest
			if d, err = name.NewDigest(reg.Host+"/notation@"+digest.String(), name.Insecure); err == nil {
				listed, err = remote.Referrers(d)
			}
		} else {
			var tag name.Tag
			if tag, err = name.NewTag(reg.Host+"/notation:sha256-"+digest.Hex, name.Insecure); err == nil {
				listed, err = remote.Index(tag)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		im, err := listed.IndexManifest()
		if err != nil || len(im.Manifests) != 1 || im.Manifests[0].ArtifactType != notary {
			t.Fatalf("api=%v: referrers %+v, %v", api, im, err)
		}

		for repo, unsigned := range map[string]bool{"notation": false, "sbom": true} {
			got := check(t, reg.Host+"/"+repo+":1", scan.Options{Insecure: true})
			if slices.Contains(got, "image/unsigned@0") != unsigned {
				t.Errorf("api=%v, %s: %v", api, repo, got)
			}
		}
		if reg.Calls("referrers") == 0 || !api && reg.Calls("fallback") == 0 {
			t.Errorf("api=%v: %d referrers API calls, %d fallback tag requests", api, reg.Calls("referrers"), reg.Calls("fallback"))
		}
	}
}

// TestLayerNames: layers are named in messages by their step, with the
// classic builder's content digests of ADD and COPY sources cut short.
func TestLayerNames(t *testing.T) {
	img := imagetest.Build(func(c *v1.ConfigFile) { c.Config.User = "1000" },
		imagetest.Step{CreatedBy: "/bin/sh -c #(nop) ADD file:6e2f0b8c1e5b0f8a3d2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f in / ",
			Layer: imagetest.Layer(imagetest.Entry{Name: "usr/bin/su", Body: "ELF", Mode: 0o4755})},
		imagetest.Step{CreatedBy: "/bin/sh -c #(nop) COPY dir:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef in /opt ",
			Layer: imagetest.Layer(imagetest.Entry{Name: "opt/mount", Body: "ELF", Mode: 0o4755})},
	)
	res, err := scan.Run(scan.Options{Images: []string{tarball(t, img)}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range res.Findings {
		if f.RuleID == "image/setuid" {
			msgs = append(msgs, f.Message)
		}
	}
	slices.Sort(msgs)
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "layer 1 (ADD file:6e2f0b8c1e5b… in /) adds") || !strings.HasPrefix(msgs[1], "layer 2 (COPY dir:0123456789ab… in /opt) adds") {
		t.Errorf("%q", msgs)
	}
}

// TestSetuidNames: a base image's setuid files are all named; beyond
// sixteen, how many more.
func TestSetuidNames(t *testing.T) {
	message := func(n int) string {
		var entries []imagetest.Entry
		for i := 0; i < n; i++ {
			entries = append(entries, imagetest.Entry{Name: "usr/bin/s" + strconv.Itoa(100+i), Body: "ELF", Mode: 0o4755})
		}
		img := imagetest.Build(func(c *v1.ConfigFile) { c.Config.User = "1000" }, imagetest.Step{CreatedBy: "COPY bin /usr/bin", Layer: imagetest.Layer(entries...)})
		res, err := scan.Run(scan.Options{Images: []string{tarball(t, img)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.RuleID == "image/setuid" {
				return f.Message
			}
		}
		return ""
	}
	if m := message(12); !strings.Contains(m, "/usr/bin/s100, ") || !strings.Contains(m, ", /usr/bin/s111; remove") {
		t.Errorf("12 files: %s", m)
	}
	if m := message(20); !strings.Contains(m, ", /usr/bin/s115 and 4 more; remove") {
		t.Errorf("20 files: %s", m)
	}
}
