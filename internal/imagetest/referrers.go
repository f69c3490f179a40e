package imagetest

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// OCIRegistry is a loopback registry that speaks the OCI distribution
// referrers API as the specification (v1.1) has it, which
// go-containerregistry's pkg/registry, which it wraps, does not quite do:
// a referrer's artifactType is the manifest's artifactType when it has one,
// and its config media type only otherwise (pkg/registry always gives the
// config media type, so a Notation signature with an empty config
// descriptor would look like an application/vnd.oci.empty.v1+json
// artifact).
//
// With Referrers set, GET /v2/<name>/referrers/<digest> answers an OCI
// index of the manifests pushed with that subject (filtered by the
// artifactType query parameter, with OCI-Filters-Applied), and a manifest
// PUT with a subject gets the OCI-Subject header, so that clients leave
// the fallback tag alone. Without it the endpoint answers 404, as
// registries of OCI 1.0 do, and clients keep the referrers in an index
// tagged sha256-<digest> (the referrers tag schema), which the registry
// serves like any tag.
type OCIRegistry struct {
	// Host is "127.0.0.1:PORT".
	Host      string
	referrers bool
	inner     http.Handler

	mu sync.Mutex
	// subjects are the referrers per "<name>@<subject digest>".
	subjects map[string][]v1.Descriptor
	// calls counts requests: "referrers" (the API), "fallback" (the
	// sha256-<digest> tag).
	calls map[string]int
}

// ServeOCI starts an OCIRegistry on loopback, with the referrers API or
// without it; it stops at the end of the test.
func ServeOCI(t testing.TB, referrersAPI bool) *OCIRegistry {
	t.Helper()
	r := &OCIRegistry{
		referrers: referrersAPI,
		inner:     registry.New(registry.Logger(log.New(io.Discard, "", 0))),
		subjects:  map[string][]v1.Descriptor{},
		calls:     map[string]int{},
	}
	s := httptest.NewServer(r)
	t.Cleanup(s.Close)
	r.Host = strings.TrimPrefix(s.URL, "http://")
	return r
}

// Calls returns how many requests of a kind were made: "referrers" (GET
// of the referrers API) or "fallback" (the sha256-<digest> tag).
func (r *OCIRegistry) Calls(kind string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[kind]
}

// ServeHTTP serves the referrers API and passes the rest to pkg/registry.
func (r *OCIRegistry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	repo, kind, ref, ok := splitV2(req.URL.Path)
	switch {
	case ok && kind == "referrers" && req.Method == http.MethodGet:
		r.count("referrers")
		r.serveReferrers(w, req, repo, ref)
		return
	case ok && kind == "manifests" && isFallbackTag(ref):
		r.count("fallback")
	case ok && kind == "manifests" && req.Method == http.MethodPut && r.referrers:
		body, err := io.ReadAll(io.LimitReader(req.Body, 4<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		var m struct {
			MediaType    types.MediaType   `json:"mediaType"`
			ArtifactType string            `json:"artifactType"`
			Config       v1.Descriptor     `json:"config"`
			Subject      *v1.Descriptor    `json:"subject"`
			Annotations  map[string]string `json:"annotations"`
		}
		if json.Unmarshal(body, &m) == nil && m.Subject != nil {
			rec := &statusRecorder{ResponseWriter: w}
			w.Header().Set("OCI-Subject", m.Subject.Digest.String())
			r.inner.ServeHTTP(rec, req)
			if rec.status == http.StatusCreated {
				h, size, _ := v1.SHA256(bytes.NewReader(body))
				d := v1.Descriptor{MediaType: m.MediaType, Digest: h, Size: size, Annotations: m.Annotations, ArtifactType: m.ArtifactType}
				if d.ArtifactType == "" {
					d.ArtifactType = string(m.Config.MediaType)
				}
				r.mu.Lock()
				r.subjects[repo+"@"+m.Subject.Digest.String()] = append(r.subjects[repo+"@"+m.Subject.Digest.String()], d)
				r.mu.Unlock()
			}
			return
		}
	}
	r.inner.ServeHTTP(w, req)
}

func (r *OCIRegistry) count(kind string) {
	r.mu.Lock()
	r.calls[kind]++
	r.mu.Unlock()
}

func (r *OCIRegistry) serveReferrers(w http.ResponseWriter, req *http.Request, repo, digest string) {
	if !r.referrers {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"errors":[{"code":"NOT_FOUND","message":"no referrers API"}]}`)
		return
	}
	if _, err := v1.NewHash(digest); err != nil {
		http.Error(w, `{"errors":[{"code":"DIGEST_INVALID","message":"not a digest"}]}`, http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	descs := append([]v1.Descriptor{}, r.subjects[repo+"@"+digest]...)
	r.mu.Unlock()
	if at := req.URL.Query().Get("artifactType"); at != "" {
		var kept []v1.Descriptor
		for _, d := range descs {
			if d.ArtifactType == at {
				kept = append(kept, d)
			}
		}
		descs = kept
		w.Header().Set("OCI-Filters-Applied", "artifactType")
	}
	if descs == nil {
		descs = []v1.Descriptor{}
	}
	body, _ := json.Marshal(v1.IndexManifest{SchemaVersion: 2, MediaType: types.OCIImageIndex, Manifests: descs})
	w.Header().Set("Content-Type", string(types.OCIImageIndex))
	w.Write(body)
}

// splitV2 splits /v2/<name>/<kind>/<reference>.
func splitV2(p string) (repo, kind, ref string, ok bool) {
	rest, found := strings.CutPrefix(p, "/v2/")
	if !found {
		return "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 3 {
		return "", "", "", false
	}
	n := len(parts)
	return strings.Join(parts[:n-2], "/"), parts[n-2], parts[n-1], true
}

// isFallbackTag reports a tag of the referrers tag schema: sha256-<hex>.
func isFallbackTag(ref string) bool {
	hex, ok := strings.CutPrefix(ref, "sha256-")
	return ok && len(hex) == 64
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// EmptyConfig is the OCI empty descriptor's media type, the config of
// artifacts that have none.
const EmptyConfig types.MediaType = "application/vnd.oci.empty.v1+json"

// PushArtifact pushes to repo (a loopback registry's "HOST/NAME") an OCI
// 1.1 artifact manifest referring to subject: artifactType set on the
// manifest, the empty config descriptor, and one layer of blob with media
// type blobType, as Notation (1.0 and later) and ORAS write signatures,
// SBOMs and attestations. It returns the artifact's digest.
func PushArtifact(t testing.TB, repo string, subject v1.Descriptor, artifactType string, blobType types.MediaType, blob []byte) v1.Hash {
	t.Helper()
	r, err := name.NewRepository(repo, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	descriptor := func(mt types.MediaType, data []byte) v1.Descriptor {
		l := static.NewLayer(data, mt)
		if err := remote.WriteLayer(r, l); err != nil {
			t.Fatal(err)
		}
		h, _ := l.Digest()
		return v1.Descriptor{MediaType: mt, Digest: h, Size: int64(len(data))}
	}
	cfg := descriptor(EmptyConfig, []byte("{}"))
	cfg.Data = []byte("{}")
	m := v1.Manifest{SchemaVersion: 2, MediaType: types.OCIManifestSchema1, ArtifactType: artifactType, Config: cfg,
		Layers: []v1.Descriptor{descriptor(blobType, blob)}, Subject: &subject}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := v1.SHA256(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Put(r.Digest(h.String()), rawManifest{raw, types.OCIManifestSchema1}); err != nil {
		t.Fatal(err)
	}
	return h
}

// rawManifest is a manifest pushed as written.
type rawManifest struct {
	raw []byte
	mt  types.MediaType
}

func (m rawManifest) RawManifest() ([]byte, error)        { return m.raw, nil }
func (m rawManifest) MediaType() (types.MediaType, error) { return m.mt, nil }
