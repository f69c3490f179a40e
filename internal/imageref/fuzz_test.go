package imageref

import (
	"strings"
	"testing"

	"github.com/distribution/reference"

	"github.com/shipshape/shipshape/internal/fuzzguard"
)

// FuzzParse checks that Parse never panics and that the Name of a fully
// known reference reads back as the same repository.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"nginx", "nginx:1.27", "bitnami/redis:7.2", "MyOrg/App:V1", "localhost:5000/app",
		"index.docker.io/library/alpine", "docker.io/library/alpine:3",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@" + digest,
		"public.ecr.aws/nginx/nginx:1.27@" + digest,
		"gcr.io/distroless/static:nonroot", "[::1]:5000/app:tag",
		h + "/app:latest", h, "nginx:" + h, h + ".dkr.ecr." + h + ".amazonaws.com/app:" + h,
		"YOUR_ACCOUNT_ID.dkr.ecr.YOUR_REGION.amazonaws.com/app",
		"ghcr.io/org/" + h + "/x", "a@sha256:abc", "A:B:C", "  ",
	} {
		f.Add(s)
	}
	patterns := []string{"public.ecr.aws", "*.dkr.ecr.*.amazonaws.com", "docker.io/library", "gcr.io/distroless", "*"}
	f.Fuzz(func(t *testing.T, s string) {
		defer fuzzguard.Watch([]byte(s))()
		r, ok := Parse(s)
		if !ok {
			return
		}
		_, _, _ = r.Pinned(), r.Latest(), r.Official()
		for _, p := range patterns {
			_ = r.Trusted([]string{p})
		}
		_ = r.Trusted([]string{s})
		if !r.DomainKnown || !r.PathKnown || strings.Contains(s, hole) {
			return
		}
		name := r.Name()
		back, ok := Parse(name)
		if !ok {
			t.Fatalf("Parse(%q) gives Name %q, which does not parse", s, name)
		}
		if back.Domain != r.Domain || back.Path != r.Path || back.Tag != "" || back.Digest != "" {
			t.Fatalf("Parse(%q) gives Name %q, which reads back as %+v, want %s/%s", s, name, back, r.Domain, r.Path)
		}
	})
}

// FuzzParseSimple checks the fast path of Parse against the library it
// stands in for: whatever parseSimple reads, reference.ParseNormalizedNamed
// reads alike (domain, path, tag, no digest).
func FuzzParseSimple(f *testing.F) {
	for _, s := range []string{
		"nginx", "nginx:1.27", "bitnami/redis:7.2", "library/alpine:3", "docker.io/nginx", "docker.io/library/nginx:1",
		"index.docker.io/nginx", "index.docker.io/org/app", "localhost/app:dev", "localhost", "localhost:5000/app",
		"gcr.io/distroless/static:nonroot", "public.ecr.aws/nginx/nginx:1.27", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1",
		"example.com", "example.com:5000", "example.com:5000/app", "my_registry.com/app", "-bad.com/app", "bad-.com/app", "a..b.com/app",
		"a--b", "a---b/c-d", "a..b", "a__b", "a___b", "a_-b", "a-", "-a", "_a", "a/", "/a", "a//b", "", ":", "a:", "a:-x", "a:.x", "a:_x",
		"a:" + strings.Repeat("t", 128), "a:" + strings.Repeat("t", 129), "app:V1.2_rc-3", "app:1:2", "org/app:1/2",
		strings.Repeat("a", 64), strings.Repeat("f", 64), strings.Repeat("a", 63), "org/" + strings.Repeat("b", 250),
		"app" + hole + ":latest", hole + ".dkr.ecr." + hole + ".amazonaws.com/app:" + hole, "a@sha256:abc", "[::1]/a", "Upper/app",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer fuzzguard.Watch([]byte(s))()
		domain, path, tag, ok := parseSimple(s)
		if !ok {
			return
		}
		named, err := reference.ParseNormalizedNamed(s)
		if err != nil {
			t.Fatalf("parseSimple(%q) = %q %q %q, but the library rejects it: %v", s, domain, path, tag, err)
		}
		want := [3]string{reference.Domain(named), reference.Path(named), ""}
		if tg, ok := named.(reference.Tagged); ok {
			want[2] = tg.Tag()
		}
		if _, digested := named.(reference.Digested); digested || [3]string{domain, path, tag} != want {
			t.Fatalf("parseSimple(%q) = %q %q %q, the library reads %q (digested %v)", s, domain, path, tag, want, digested)
		}
	})
}

// TestParseSimpleTaken checks that the fast path reads the common
// references (else Parse would be correct but no faster).
func TestParseSimpleTaken(t *testing.T) {
	for _, s := range []string{"nginx", "python:3.12-slim", "bitnami/redis:7.2", "gcr.io/distroless/static:nonroot",
		"public.ecr.aws/docker/library/node:20", "mcr.microsoft.com/dotnet/sdk:8.0", "app" + hole + ":" + hole} {
		if _, _, _, ok := parseSimple(s); !ok {
			t.Errorf("parseSimple(%q) leaves it to the library", s)
		}
	}
}
