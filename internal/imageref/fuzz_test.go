package imageref

import (
	"strings"
	"testing"

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
