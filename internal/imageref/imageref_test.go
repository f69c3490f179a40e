package imageref

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
)

const (
	h      = "\x00" // an unknown part, as tree.Hole
	digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want Ref
		// derived
		name     string
		pinned   bool
		latest   bool
		official bool
	}{
		{"nginx", true, Ref{Domain: "docker.io", Path: "library/nginx", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/library/nginx", false, true, true},
		{"nginx:1.27", true, Ref{Domain: "docker.io", Path: "library/nginx", Tag: "1.27", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/library/nginx", false, false, true},
		{"nginx:latest", true, Ref{Domain: "docker.io", Path: "library/nginx", Tag: "latest", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/library/nginx", false, true, true},
		{"  bitnami/redis:7.2  ", true, Ref{Domain: "docker.io", Path: "bitnami/redis", Tag: "7.2", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/bitnami/redis", false, false, false},
		{"docker.io/library/alpine:3", true, Ref{Domain: "docker.io", Path: "library/alpine", Tag: "3", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/library/alpine", false, false, true},
		{"index.docker.io/library/alpine", true, Ref{Domain: "docker.io", Path: "library/alpine", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/library/alpine", false, true, true},
		{"arm64v8/alpine:3.20", true, Ref{Domain: "docker.io", Path: "arm64v8/alpine", Tag: "3.20", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/arm64v8/alpine", false, false, true},
		{"amd64/buildpack-deps:bookworm-curl", true, Ref{Domain: "docker.io", Path: "amd64/buildpack-deps", Tag: "bookworm-curl", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/amd64/buildpack-deps", false, false, true},
		{"MyOrg/App:V1", true, Ref{Domain: "docker.io", Path: "myorg/app", Tag: "V1", DomainKnown: true, PathKnown: true, TagKnown: true},
			"docker.io/myorg/app", false, false, false},
		{"localhost:5000/app", true, Ref{Domain: "localhost:5000", Path: "app", DomainKnown: true, PathKnown: true, TagKnown: true},
			"localhost:5000/app", false, true, false},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@" + digest, true,
			Ref{Domain: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", Path: "team/app", Digest: digest, DomainKnown: true, PathKnown: true, TagKnown: true},
			"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app", true, false, false},
		{"ghcr.io/org/app:1.0@" + digest, true, Ref{Domain: "ghcr.io", Path: "org/app", Tag: "1.0", Digest: digest, DomainKnown: true, PathKnown: true, TagKnown: true},
			"ghcr.io/org/app", true, false, false},
		{"public.ecr.aws/nginx/nginx:stable", true, Ref{Domain: "public.ecr.aws", Path: "nginx/nginx", Tag: "stable", DomainKnown: true, PathKnown: true, TagKnown: true},
			"public.ecr.aws/nginx/nginx", false, false, false},
		// Partly known references.
		{h + ".dkr.ecr." + h + ".amazonaws.com/app:latest", true,
			Ref{Domain: hole + ".dkr.ecr." + hole + ".amazonaws.com", Path: "app", Tag: "latest", PathKnown: true, TagKnown: true},
			"${…}.dkr.ecr.${…}.amazonaws.com/app", false, true, false},
		{"nginx:" + h, true, Ref{Domain: "docker.io", Path: "library/nginx", Tag: hole, DomainKnown: true, PathKnown: true},
			"docker.io/library/nginx", false, false, true},
		{"registry.example.com/app" + h, true, Ref{Domain: "registry.example.com", Path: "app" + hole, DomainKnown: true},
			"registry.example.com/app${…}", false, false, false},
		{"registry.example.com/" + h + ":1.0", true, Ref{Domain: "registry.example.com", Path: hole, Tag: "1.0", DomainKnown: true, TagKnown: true},
			"registry.example.com/${…}", false, false, false},
		{h + "/app:1.0", true, Ref{Domain: "docker.io", Path: hole + "/app", Tag: "1.0", TagKnown: true},
			"${…}/app", false, false, false},
		{h, true, Ref{Domain: "docker.io", Path: "library/" + hole},
			"${…}", false, false, false},
		{h + ":" + h, true, Ref{Domain: "docker.io", Path: "library/" + hole, Tag: hole},
			"${…}", false, false, false},
		{h + ":latest", true, Ref{Domain: "docker.io", Path: "library/" + hole, Tag: "latest", TagKnown: true},
			"${…}", false, true, false},
		// Not references.
		{"", false, Ref{}, "", false, false, false},
		{"   ", false, Ref{}, "", false, false, false},
		{"nginx:1.27:extra", false, Ref{}, "", false, false, false},
		{"http://example.com/app", false, Ref{}, "", false, false, false},
		{"app@sha256:short", false, Ref{}, "", false, false, false},
		{"-leading-dash", false, Ref{}, "", false, false, false},
		{"YOUR_ACCOUNT_ID.dkr.ecr.YOUR_REGION.amazonaws.com/app:latest", false, Ref{}, "", false, false, false},
		{"my_host.example.com/app:1", false, Ref{}, "", false, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := Parse(tc.in)
			if ok != tc.ok {
				t.Fatalf("ok = %t, want %t (%+v)", ok, tc.ok, got)
			}
			if !ok {
				return
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if got.Name() != tc.name || got.Pinned() != tc.pinned || got.Latest() != tc.latest || got.Official() != tc.official {
				t.Errorf("Name %q Pinned %t Latest %t Official %t; want %q %t %t %t",
					got.Name(), got.Pinned(), got.Latest(), got.Official(), tc.name, tc.pinned, tc.latest, tc.official)
			}
		})
	}
}

func TestTrusted(t *testing.T) {
	defaults := config.DefaultTrustedRegistries
	custom := []string{"ghcr.io/myorg", "registry.example.com/", "*.azurecr.io", "Docker.io/Bitnami"}
	tests := []struct {
		ref      string
		patterns []string
		want     bool
	}{
		{"nginx:1.27", defaults, true},
		{"library/nginx", defaults, true},
		{"bitnami/redis", defaults, false},
		{"randomuser/tool:1", defaults, false},
		{"arm64v8/alpine:3.20", defaults, true}, // per-architecture build of an official image
		{"docker.io/arm32v7/buildpack-deps:bookworm", defaults, true},
		{"arm64v8/alpine:3.20", custom, false},
		{"arm64v8evil/alpine:3.20", defaults, false},
		{"public.ecr.aws/nginx/nginx", defaults, true},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app", defaults, true},
		{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app", defaults, true},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io/app", defaults, false},
		{"dkr.ecr.eu-west-1.amazonaws.com/app", defaults, false},
		{"gcr.io/distroless/static:nonroot", defaults, true},
		{"gcr.io/other/static", defaults, false},
		{"cgr.dev/chainguard/nginx", defaults, true},
		{"mcr.microsoft.com/dotnet/runtime:8.0", defaults, true},
		{"quay.io/prometheus/node-exporter", defaults, false},
		{"ghcr.io/myorg/app", custom, true},
		{"ghcr.io/myorg/team/app", custom, true},
		{"ghcr.io/myorgevil/app", custom, false},
		{"ghcr.io/other/app", custom, false},
		{"registry.example.com/x/y", custom, true},
		{"team.azurecr.io/app", custom, true},
		{"bitnami/redis", custom, true}, // patterns are compared ignoring case
		{"nginx", custom, false},
		{"nginx", []string{"docker.io"}, true},
		{"nginx", []string{"index.docker.io"}, true},
		{"nginx", []string{"", "  "}, false},
		{"nginx", nil, false},
		// Unknown parts match anything they could be.
		{h + ".dkr.ecr." + h + ".amazonaws.com/app:latest", defaults, true},
		{h + ".dkr.ecr." + h + ".amazonaws.com/app", custom, false}, // the known parts rule out every pattern
		{h + ".azurecr.io/app", custom, true},
		{"ghcr.io/" + h + "/app", custom, true},
		{"quay.io/" + h, custom, false},
		{h + "/app:1.0", []string{"public.ecr.aws"}, true},
		{h + "/app:1.0", []string{"registry.example.com"}, true},
		{h, []string{"123456789012.dkr.ecr.eu-west-1.amazonaws.com"}, true},
		{h + ":" + h, []string{"registry.example.com"}, true},
		{"evil.io/" + h, defaults, false},
	}
	for _, tc := range tests {
		r, ok := Parse(tc.ref)
		if !ok {
			t.Fatalf("Parse(%q) failed", tc.ref)
		}
		if got := r.Trusted(tc.patterns); got != tc.want {
			t.Errorf("%q trusted by %q = %t, want %t", tc.ref, tc.patterns, got, tc.want)
		}
	}
}

func TestGlobsOverlap(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"*", "", true},
		{"abc", "abc", true},
		{"a*c", "abc", true},
		{"*.io", "x.*", true},
		{"*.io", "*.com", false},
		{"a*", "b*", false},
		{"*a*", "*b*", true},
		{"abc", "", false},
	}
	for _, tc := range tests {
		if got := globsOverlap(tc.a, tc.b); got != tc.want {
			t.Errorf("globsOverlap(%q, %q) = %t, want %t", tc.a, tc.b, got, tc.want)
		}
	}
}

// matchPrefix compares component by component without splitting: it
// agrees with matching the split components of a pattern against those of
// the name, the pattern having no more components than the name.
func TestMatchPrefixComponents(t *testing.T) {
	split := func(pattern, name string, known bool) bool {
		pp, np := strings.Split(pattern, "/"), strings.Split(name, "/")
		if len(pp) > len(np) {
			return false
		}
		for i := range pp {
			if !matchComponent(pp[i], np[i], known) {
				return false
			}
		}
		return true
	}
	vals := []string{"", "/", "a", "a/", "/a", "a/b", "a/b/c", "a/*", "*/b", "a/b/", "docker.io/library/nginx", "docker.io/library", "docker.io", "*.dkr.ecr.*.amazonaws.com", "1.dkr.ecr.x.amazonaws.com/app", "ghcr.io/org/*", "ghcr.io/org/app/sub"}
	for _, p := range vals {
		for _, n := range vals {
			for _, known := range []bool{true, false} {
				if got, want := matchPrefix(p, n, known), split(p, n, known); got != want {
					t.Errorf("matchPrefix(%q, %q, %v) = %v, want %v", p, n, known, got, want)
				}
			}
		}
	}
}
