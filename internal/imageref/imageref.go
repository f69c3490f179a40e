// Package imageref reads container image references ("nginx:1.27",
// "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:...") with the
// distribution/reference grammar Docker uses, including references only
// known in parts (built with Fn::Sub or a Terraform interpolation), and
// matches registries against trusted-registry patterns.
package imageref

import (
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/distribution/reference"
)

// hole stands in for an unknown part while parsing; it is valid in every
// component of a reference.
const hole = "zzshipshapeholezz"

// Ref is a parsed image reference.
type Ref struct {
	// Domain is the registry host ("docker.io" for Docker Hub).
	Domain string
	// Path is the repository path ("library/nginx").
	Path   string
	Tag    string
	Digest string
	// DomainKnown, PathKnown and TagKnown are false when that part contains
	// an unknown piece.
	DomainKnown, PathKnown, TagKnown bool
}

// Parse reads a reference. In partial references, unknown pieces are marked
// with "\x00" (tree.Hole). ok is false when the text is not a reference.
func Parse(s string) (Ref, bool) {
	if v, ok := parsed.Load(s); ok {
		p := v.(parseResult)
		return p.ref, p.ok
	}
	ref, ok := parse(s)
	if parsedCount.Add(1) <= maxParsed {
		parsed.Store(s, parseResult{ref, ok})
	}
	return ref, ok
}

// parsed memoises Parse: the same images recur across the containers,
// rules and files of a scan, and reference parsing is costly.
var (
	parsed      sync.Map
	parsedCount atomic.Int64
)

// maxParsed bounds the memo, so a long-running process stays small.
const maxParsed = 1 << 14

// ForgetParsed empties the memo of Parse, so that a benchmark measures a
// scan that starts cold.
func ForgetParsed() {
	parsed.Clear()
	parsedCount.Store(0)
}

type parseResult struct {
	ref Ref
	ok  bool
}

func parse(s string) (Ref, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Ref{}, false
	}
	text := strings.ReplaceAll(s, "\x00", hole)
	in := strings.ToLower(text[:len(text)-len(tagDigestPart(text))]) + tagDigestPart(text)
	var r Ref
	if domain, path, tag, ok := parseSimple(in); ok {
		r = Ref{Domain: domain, Path: path, Tag: tag}
	} else {
		named, err := reference.ParseNormalizedNamed(in)
		if err != nil {
			return Ref{}, false
		}
		r = Ref{Domain: reference.Domain(named), Path: reference.Path(named)}
		if t, ok := named.(reference.Tagged); ok {
			r.Tag = t.Tag()
		}
		if d, ok := named.(reference.Digested); ok {
			r.Digest = d.Digest().String()
		}
	}
	if r.Domain == "" {
		// A first component that looks like a host but is not a valid one
		// (YOUR_ACCOUNT_ID.dkr.ecr.YOUR_REGION.amazonaws.com/app): Docker
		// rejects the reference.
		return Ref{}, false
	}
	r.DomainKnown = !strings.Contains(r.Domain, hole)
	r.PathKnown = !strings.Contains(r.Path, hole)
	r.TagKnown = !strings.Contains(r.Tag, hole)
	// A hole right after the name may be a whole ":tag" part: the tag is unknown.
	if r.Tag == "" && r.Digest == "" && strings.HasSuffix(r.Path, hole) {
		r.TagKnown = false
	}
	// An unknown first component ("${Registry}/app", "${Image}") is read by
	// the grammar as a Docker Hub namespace, but may be a registry host.
	first, _, _ := strings.Cut(text[:len(text)-len(tagDigestPart(text))], "/")
	if strings.Contains(first, hole) {
		r.DomainKnown = false
	}
	return r, true
}

// parseSimple reads, as reference.ParseNormalizedNamed does, the references
// most files name: a repository on Docker Hub or on a registry named by
// its host alone, with an optional tag ("nginx:1.27", "bitnami/redis",
// "gcr.io/distroless/static:nonroot"), without the grammar's regular
// expressions, which cost more than the rest of a scan's work on an
// image. ok is false for anything else (a digest, a port, an IP address, an
// invalid reference), which is left to ParseNormalizedNamed; a fuzz test
// checks that the two agree on what parseSimple reads.
func parseSimple(s string) (domain, path, tag string, ok bool) {
	if len(s) == 64 || strings.ContainsAny(s, "@[") {
		return "", "", "", false // an image ID, a digest, an IPv6 host
	}
	name := s
	if i := strings.IndexByte(s, ':'); i >= 0 {
		name, tag = s[:i], s[i+1:]
		if !validTag(tag) {
			return "", "", "", false // a port, or not a reference
		}
	}
	domain, path = "docker.io", name
	if first, rest, found := strings.Cut(name, "/"); found && (first == "localhost" || strings.Contains(first, ".")) {
		if !validHost(first) {
			return "", "", "", false
		}
		domain, path = first, rest
		if domain == "index.docker.io" {
			domain = "docker.io"
		}
	}
	if domain == "docker.io" && !strings.Contains(path, "/") {
		path = "library/" + path
	}
	if len(path) > 255 {
		return "", "", "", false
	}
	for c := range strings.SplitSeq(path, "/") {
		if !validComponent(c) {
			return "", "", "", false
		}
	}
	return domain, path, tag, true
}

// validTag reports whether t is a tag: [\w][\w.-]{0,127}.
func validTag(t string) bool {
	if t == "" || len(t) > 128 || t[0] == '.' || t[0] == '-' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(lowerAlnum(c) || c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// validHost reports whether h is a host name of lower-case labels
// ([a-z0-9] or [a-z0-9][a-z0-9-]*[a-z0-9], joined by dots).
func validHost(h string) bool {
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !lowerAlnum(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

// validComponent reports whether c is a path component: lower-case
// letters and digits, separated inside by one ".", one or two "_", or any
// number of "-".
func validComponent(c string) bool {
	if c == "" || !lowerAlnum(c[0]) || !lowerAlnum(c[len(c)-1]) {
		return false
	}
	for i := 1; i < len(c); i++ {
		if lowerAlnum(c[i]) {
			continue
		}
		j := i // a separator runs from i to j
		for j < len(c) && !lowerAlnum(c[j]) {
			j++
		}
		switch sep := c[i:j]; {
		case sep == "." || sep == "_" || sep == "__":
		case strings.Trim(sep, "-") == "":
		default:
			return false
		}
		i = j
	}
	return true
}

func lowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// tagDigestPart returns the ":tag" and/or "@digest" suffix, which keep their case.
func tagDigestPart(s string) string {
	at := strings.IndexByte(s, '@')
	name := s
	suffix := ""
	if at >= 0 {
		name, suffix = s[:at], s[at:]
	}
	slash := strings.LastIndexByte(name, '/')
	if colon := strings.LastIndexByte(name, ':'); colon > slash {
		return name[colon:] + suffix
	}
	return suffix
}

// Pinned reports whether the reference names a digest.
func (r Ref) Pinned() bool { return r.Digest != "" }

// Latest reports whether the reference uses the latest tag, or no tag at all
// (which means latest).
func (r Ref) Latest() bool {
	return r.Digest == "" && r.TagKnown && (r.Tag == "" || r.Tag == "latest")
}

// Official reports whether the image is a Docker Official Image: in
// library/, or in one of the per-architecture repositories the Official
// Images program publishes its builds to (arm64v8/alpine).
func (r Ref) Official() bool {
	return r.DomainKnown && r.Domain == "docker.io" && (strings.HasPrefix(r.Path, "library/") || r.perArchitecture())
}

// officialArchitectures are the Docker Hub namespaces holding the
// per-architecture builds of the Docker Official Images.
var officialArchitectures = map[string]bool{
	"amd64": true, "arm32v5": true, "arm32v6": true, "arm32v7": true, "arm64v8": true, "i386": true,
	"mips64le": true, "ppc64le": true, "riscv64": true, "s390x": true, "windows-amd64": true,
}

// perArchitecture reports whether a Docker Hub path is a per-architecture
// build of an official image ("arm64v8/alpine").
func (r Ref) perArchitecture() bool {
	ns, rest, ok := strings.Cut(r.Path, "/")
	return ok && officialArchitectures[ns] && rest != "" && !strings.Contains(rest, "/") && !strings.Contains(r.Path, hole)
}

// Name is the reference without tag or digest ("docker.io/library/nginx"),
// with unknown parts shown as ${…}. A reference whose first component is
// unknown ("${RepoUri}:latest") is shown as written, not as the Docker Hub
// name the grammar reads it as.
func (r Ref) Name() string {
	name := r.name()
	if !r.DomainKnown && r.Domain == "docker.io" {
		name = r.Path
		if rest, ok := strings.CutPrefix(name, "library/"); ok && strings.HasPrefix(rest, hole) && !strings.Contains(rest, "/") {
			name = rest
		}
	}
	return strings.ReplaceAll(name, hole, "${…}")
}

func (r Ref) name() string { return r.Domain + "/" + r.Path }

// Trusted reports whether the image comes from one of the trusted patterns.
// A pattern names a registry host or a host with a path prefix, and may use
// * wildcards: "public.ecr.aws", "*.dkr.ecr.*.amazonaws.com",
// "docker.io/library", "gcr.io/distroless". Unknown pieces of the reference
// match anything, so a partly known reference is never judged untrusted on
// what is not known.
func (r Ref) Trusted(patterns []string) bool {
	names := []string{r.name()}
	if alt, ok := r.registryReading(); ok {
		names = append(names, alt)
	}
	if r.DomainKnown && r.Domain == "docker.io" && r.perArchitecture() {
		// A per-architecture build is trusted where the official image is.
		_, repo, _ := strings.Cut(r.Path, "/")
		names = append(names, "docker.io/library/"+repo)
	}
	for i, name := range names {
		names[i] = strings.ReplaceAll(name, hole, "*")
	}
	for _, p := range patterns {
		p = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(p)), "/")
		if p == "" {
			continue
		}
		if p == "docker.io" || p == "index.docker.io" || p == "registry-1.docker.io" {
			p = "docker.io"
		}
		for _, name := range names {
			if matchPrefix(p, name, r.DomainKnown && r.PathKnown) {
				return true
			}
		}
	}
	return false
}

// registryReading is the name read with an unknown first component as the
// registry host rather than a Docker Hub namespace.
func (r Ref) registryReading() (string, bool) {
	if r.DomainKnown || strings.Contains(r.Domain, hole) {
		return "", false
	}
	ns, rest, ok := strings.Cut(r.Path, "/")
	switch {
	case ns == "library" && strings.Contains(rest, hole) && !strings.Contains(rest, "/"):
		// The whole name is unknown: host and repository both.
		return rest + "/" + hole, true
	case ok:
		return r.Path, true
	}
	return "", false
}

// matchPrefix matches a pattern against the start of a name, component by
// component ("a/b" matches "a/b/c"). Wildcards in the name (unknown parts)
// match any pattern component.
func matchPrefix(pattern, name string, known bool) bool {
	for {
		pc, prest, pmore := strings.Cut(pattern, "/")
		nc, nrest, nmore := strings.Cut(name, "/")
		if !matchComponent(pc, nc, known) {
			return false
		}
		if !pmore {
			return true // every component of the pattern matched
		}
		if !nmore {
			return false // the pattern has more components than the name
		}
		pattern, name = prest, nrest
	}
}

func matchComponent(pattern, comp string, known bool) bool {
	if ok, _ := path.Match(pattern, comp); ok {
		return true
	}
	if !known && strings.Contains(comp, "*") {
		// The component has unknown pieces: compare as if they were the
		// pattern's text there.
		if ok, _ := path.Match(comp, pattern); ok {
			return true
		}
		if ok, _ := path.Match(strings.ReplaceAll(pattern, "*", "x"), strings.ReplaceAll(comp, "*", "x")); ok {
			return true
		}
		return globsOverlap(pattern, comp)
	}
	return false
}

// globsOverlap reports whether two patterns with * could match a common
// string, comparing the literal pieces between wildcards in order.
func globsOverlap(a, b string) bool {
	if a == "" || b == "" {
		return a == b || a == "*" || b == "*"
	}
	switch {
	case a[0] == '*':
		return globsOverlap(a[1:], b) || globsOverlap(a, b[1:])
	case b[0] == '*':
		return globsOverlap(a, b[1:]) || globsOverlap(a[1:], b)
	case a[0] == b[0]:
		return globsOverlap(a[1:], b[1:])
	}
	return false
}

// NonRootByDefault reports whether the image is known to set a non-root
// user itself: distroless ":nonroot" tags, Chainguard images, and
// Microsoft's chiseled and distroless .NET images (USER $APP_UID).
func (r Ref) NonRootByDefault() bool {
	if strings.Contains(r.Tag, "nonroot") || strings.HasPrefix(r.Domain+"/"+r.Path, "cgr.dev/chainguard/") {
		return true
	}
	return r.Domain == "mcr.microsoft.com" && strings.HasPrefix(r.Path, "dotnet/") &&
		(strings.Contains(r.Tag, "chiseled") || strings.Contains(r.Tag, "distroless"))
}
