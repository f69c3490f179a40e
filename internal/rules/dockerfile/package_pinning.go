package dockerfile

import (
	"fmt"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/package-pinning",
		Title:    "Packages installed without versions",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Unpinned installs take whatever version the mirror serves on the day of the build: two builds of the " +
			"same Dockerfile differ, and a compromised or broken release enters silently (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": reproducibility; " +
			"supply chain). Pin versions, or install from a lock file or a constraints file (pip -c). go install and go get " +
			"need a version (@latest is none), gem install -v or NAME:VERSION, a repository (pip git+https://, an npm git " +
			"URL or user/repo) a commit or a version tag, a dnf module a stream (nodejs:20). Local directories and package " +
			"files are not registry installs and are not reported; versions given by ARG and ENV are followed, through the " +
			"stages a stage is built FROM and a global ARG redeclared in the stage. Upgrading every package inside the build (apt-get " +
			"upgrade, dist-upgrade, full-upgrade, apk upgrade) is reported too: it makes the image depend on the day it was " +
			"built and hides which base it really runs on; the image should carry its security patches (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\") by " +
			"being rebuilt on a patched, pinned base image, which is reviewable. Suppress it with a reason where a base " +
			"image with the fix does not exist yet. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\nRUN pip install --no-cache-dir requests==2.32.3\nRUN npm install -g pnpm@9.4.0",
		},
		Inputs: dfInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3005", "DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3041"},
			Dockle:   []string{"DKL-DI-0003"},
		},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				runs(img.Stages, func(s *model.Stage, in *model.Instruction) {
					for _, c := range in.Script.Calls {
						if verb := upgrade(c); verb != "" {
							p.ReportPeersf(upgradePeers(c.Name()), in, callPos(in, c), "%s %s in %s upgrades every package to whatever the mirror serves that day%s; build on a newer, pinned base image that carries the fixes instead",
								c.Name(), verb, trigger(s.Label(), in), removes(verb))
						}
					}
					for _, ins := range installs(p, in.Script) {
						if loose := unpinned(s, in, ins); len(loose) > 0 {
							p.ReportPeers(pinPeers(ins.Manager), in, callPos(in, ins.Call), installName(ins)+" in "+trigger(s.Label(), in)+" installs "+
								packageList(loose)+" without a version; pin each package ("+pinExample(ins, loose)+")")
						}
					}
				})
			}
		},
	})
}

// upgrade returns the subcommand of an apt-get, apt or apk call that
// upgrades every installed package (upgrade, dist-upgrade, full-upgrade),
// or "".
func upgrade(c *shell.Call) string {
	switch c.Name() {
	case "apt-get", "apt", "apk":
	default:
		return ""
	}
	for _, a := range c.Args[1:] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		switch a {
		case "upgrade", "dist-upgrade", "full-upgrade":
			return a
		}
		return ""
	}
	return ""
}

// removes adds, for the upgrades that may remove packages, that they do.
func removes(verb string) string {
	if verb == "upgrade" {
		return ""
	}
	return ", removing packages where it must"
}

// pinPeers is the hadolint check for unpinned installs of one package
// manager, so that ignoring it for pip does not hide apt-get; nil (all the
// rule's peers) for managers hadolint does not check.
func pinPeers(manager string) []string {
	switch manager {
	case "apt-get", "apt", "aptitude":
		return peersDL3008
	case "pip", "pip3", "pipx", "uv":
		return peersDL3013
	case "npm", "yarn", "pnpm":
		return peersDL3016
	case "apk":
		return peersDL3018
	case "gem":
		return peersDL3028
	case "yum":
		return peersDL3033
	case "dnf", "microdnf":
		return peersDL3041
	}
	return nil
}

// The peer lists findings name, made once (a finding's list is copied by
// the scan and never changed).
var (
	peersDL3005 = []string{"DL3005"}
	peersDL3008 = []string{"DL3008"}
	peersDL3013 = []string{"DL3013"}
	peersDL3016 = []string{"DL3016"}
	peersDL3018 = []string{"DL3018"}
	peersDL3028 = []string{"DL3028"}
	peersDL3033 = []string{"DL3033"}
	peersDL3041 = []string{"DL3041"}
	// peersNone is an empty, non-nil list: no peer check at all.
	peersNone = []string{}
)

// upgradePeers is the hadolint check for upgrades with apt-get (DL3005,
// since retired by hadolint); apk upgrades have none.
func upgradePeers(manager string) []string {
	if manager == "apk" {
		return peersNone
	}
	return peersDL3005
}

// maxListed bounds the packages a message names.
const maxListed = 8

// packageList names packages for a message: all of them, or the first
// maxListed and how many more.
func packageList(pkgs []string) string {
	if len(pkgs) <= maxListed {
		return strings.Join(pkgs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(pkgs[:maxListed], ", "), len(pkgs)-maxListed)
}

// installName names the installer in messages: "pip", "dnf module".
func installName(ins pkginstall.Install) string {
	if ins.Module {
		return ins.Manager + " module"
	}
	return ins.Manager
}

// unpinned lists the packages of an install that name no version. The
// variables in a package word are expanded with the shell variables set
// before it in the RUN and the ENV and ARG values in effect (a global ARG
// redeclared in the stage, those of the stages it is built FROM); a word
// whose version is still not known is not reported.
func unpinned(s *model.Stage, in *model.Instruction, ins pkginstall.Install) []string {
	pkgs := resolved(s, in, ins)
	switch ins.Manager {
	case "uv":
		if len(pkgs) == 0 || pkgs[0] != "install" {
			return nil
		}
		pkgs = pkgs[1:]
	case "npm", "yarn", "pnpm":
		if ins.Manager == "yarn" && len(pkgs) > 0 && pkgs[0] == "add" {
			pkgs = pkgs[1:] // yarn global add
		}
	case "gem":
		if hasArg(ins.Call, "-v", "--version") {
			return nil
		}
	case "pip", "pip3", "pipx":
		// a constraints file pins what it lists
		if hasArg(ins.Call, "-c", "--constraint") || pipConstraintEnv(s, in, ins.Call) {
			return nil
		}
	}
	var out []string
	for _, pkg := range pkgs {
		if strings.HasPrefix(pkg, "-") {
			continue
		}
		switch {
		case ins.Module:
			// NAME:STREAM pins the stream (the major version)
			if known(pkg) && !strings.Contains(pkg, ":") {
				out = append(out, pkg)
			}
		case vcsURL(ins.Manager, pkg):
			if !vcsPinned(ins.Manager, pkg) {
				out = append(out, show(pkg))
			}
		case localPackage(ins.Manager, pkg):
		case ins.Manager == "go":
			if !goPinned(pkg) {
				out = append(out, show(pkg))
			}
		case !known(pkg):
		case !pinned(ins.Manager, pkg):
			out = append(out, pkg)
		}
	}
	return out
}

// resolved returns the package words of an install with the variables in
// them expanded where their values are known.
func resolved(s *model.Stage, in *model.Instruction, ins pkginstall.Install) []string {
	lookup := func(name string) (string, bool) {
		if v, ok := in.Script.VarOf(ins.Call, name); ok {
			return v, true
		}
		if v, ok := envBefore(s, in, name); ok && v.Known() {
			return v.V, true
		}
		return "", false
	}
	if allKnown(ins.Packages) {
		return ins.Packages // nothing to expand (most installs); the callers only read it
	}
	out := make([]string, 0, len(ins.Packages))
	used := make([]bool, len(ins.Call.Args))
	for _, pkg := range ins.Packages {
		if known(pkg) {
			out = append(out, pkg)
			continue
		}
		words := []string{pkg}
		for i := len(ins.Call.Args) - 1; i > 0; i-- {
			if !used[i] && ins.Call.Args[i] == pkg {
				used[i] = true
				// a variable holding several packages ($BUILD_DEPS)
				// gives a word each, as the shell splits it
				words = ins.Call.ExpandFields(i, lookup)
				break
			}
		}
		out = append(out, words...)
	}
	return out
}

// allKnown reports whether every word is known.
func allKnown(words []string) bool {
	for _, w := range words {
		if !known(w) {
			return false
		}
	}
	return true
}

// pipConstraintEnv reports PIP_CONSTRAINT set for pip, by ENV or ARG or
// exported in the RUN.
func pipConstraintEnv(s *model.Stage, in *model.Instruction, c *shell.Call) bool {
	if v, ok := in.Script.EnvOf(c, "PIP_CONSTRAINT"); ok {
		return v != ""
	}
	v, ok := envBefore(s, in, "PIP_CONSTRAINT")
	return ok && (v.V != "" || !v.Known())
}

// vcsURL reports whether a package argument installs from a version
// control repository: pip's git+https://..., npm's git URLs, github:
// specs and user/repo shorthands.
func vcsURL(manager, pkg string) bool {
	l := strings.ToLower(pkg)
	if _, after, ok := strings.Cut(l, " @ "); ok { // PEP 508: name @ git+https://...
		l = strings.TrimSpace(after)
	}
	for _, p := range []string{"git+", "git://", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	switch manager {
	case "npm", "yarn", "pnpm":
		for _, p := range []string{"github:", "gitlab:", "bitbucket:", "gist:"} {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
		u, _, _ := strings.Cut(l, "#") // as strings.SplitN(l, "#", 2)[0], without a slice
		if strings.Contains(l, "://") {
			return strings.HasSuffix(u, ".git")
		}
		// user/repo and user/repo#ref: GitHub
		return !strings.HasPrefix(l, "@") && !strings.HasPrefix(l, ".") && !strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "~") &&
			strings.Count(u, "/") == 1 && !strings.HasSuffix(l, "/") && !strings.Contains(l, ":") && !packageFile(l)
	}
	return false
}

// vcsPinned reports whether a repository install names a commit (or a
// version tag such as v1.2.3): pip's URL@REF, npm's URL#REF.
func vcsPinned(manager, pkg string) bool {
	ref := ""
	switch manager {
	case "npm", "yarn", "pnpm":
		_, ref, _ = strings.Cut(pkg, "#")
		ref = strings.TrimPrefix(ref, "commit=")
		if v, ok := strings.CutPrefix(ref, "semver:"); ok {
			return exactVersion(strings.TrimPrefix(v, "v"))
		}
	default:
		u, _, _ := strings.Cut(pkg, "#")
		if _, after, ok := strings.Cut(u, " @ "); ok {
			u = strings.TrimSpace(after)
		}
		// the ref follows the last @ of the path, not the user@ of the host
		scheme := strings.Index(u, "://")
		if scheme < 0 {
			return false
		}
		path := u[scheme+3:]
		slash := strings.IndexByte(path, '/')
		if slash < 0 {
			return false
		}
		at := strings.LastIndexByte(path[slash:], '@')
		if at < 0 {
			return false
		}
		ref = path[slash+at+1:]
	}
	if !known(ref) {
		return true // a ref given by a variable not known here
	}
	return commitRef(ref) || exactVersion(strings.TrimPrefix(ref, "v"))
}

// commitRef reports whether a ref is a commit hash (7 to 64 hex digits).
func commitRef(ref string) bool {
	if len(ref) < 7 || len(ref) > 64 {
		return false
	}
	for _, r := range strings.ToLower(ref) {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// exactVersion reports whether s is a version such as 1.2 or 1.2.3-rc1.
func exactVersion(s string) bool {
	dots := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && i > 0:
			dots++
		case (r == '-' || r == '+') && dots > 0:
			return true
		default:
			return false
		}
	}
	return dots > 0
}

// goPinned reports whether a go install or go get argument names a
// version: path@v1.2.3 or path@<commit>; @latest, @upgrade, @patch and
// branch names are not versions. Local packages (./cmd/x) and words whose
// version is not known are not reported.
func goPinned(pkg string) bool {
	path, ver, ok := strings.Cut(pkg, "@")
	if strings.HasPrefix(path, ".") || strings.HasPrefix(path, "/") || !known(path) || strings.Contains(path, "...") && !strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
		return true
	}
	if !ok {
		// a package path without a version: only remote paths (a domain
		// first: github.com/x/y) are fetched at whatever version is newest
		return !strings.Contains(strings.SplitN(path, "/", 2)[0], ".")
	}
	if !known(ver) {
		return true
	}
	switch ver {
	case "latest", "upgrade", "patch", "master", "main", "HEAD", "head", "none":
		return ver == "none"
	}
	return strings.HasPrefix(ver, "v") || commitRef(ver)
}

// packageFile reports whether a package argument is a package file or an
// archive of one.
func packageFile(l string) bool {
	if strings.IndexByte(l, '.') < 0 {
		return false // every extension below has one; most package names none
	}
	for _, ext := range []string{".deb", ".rpm", ".apk", ".whl", ".zip", ".gem", ".egg"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return archive(l)
}

// localPackage reports whether a package argument is a file, directory or
// URL: a package file, a path, or (for pip, whose names never hold one) a
// word with a slash.
func localPackage(manager, pkg string) bool {
	l := strings.ToLower(pkg)
	if file, _, _ := strings.Cut(l, "#"); packageFile(file) {
		return true
	}
	switch manager {
	case "pip", "pip3", "pipx", "uv":
		if strings.Contains(pkg, "/") || pkg == "." || pkg == ".." {
			return true
		}
	case "npm", "yarn", "pnpm":
		if strings.HasSuffix(pkg, "/") || strings.HasPrefix(pkg, "~/") || strings.HasPrefix(l, "link:") || strings.HasPrefix(l, "workspace:") {
			return true
		}
	}
	return pkg == "." || strings.HasPrefix(pkg, "./") || strings.HasPrefix(pkg, "/") || strings.HasPrefix(pkg, "../") ||
		strings.Contains(l, "://") || strings.HasPrefix(l, "file:")
}

// pinned reports whether a package argument names a version.
func pinned(manager, pkg string) bool {
	switch manager {
	case "apt-get", "apt", "aptitude":
		return strings.Contains(pkg, "=")
	case "apk":
		// so:, cmd: and pc: name what a package provides, not a package.
		return strings.ContainsAny(pkg, "=~<>") || strings.HasPrefix(pkg, "so:") || strings.HasPrefix(pkg, "cmd:") || strings.HasPrefix(pkg, "pc:")
	case "pip", "pip3", "pipx", "uv":
		return strings.ContainsAny(pkg, "=<>~!@")
	case "npm", "yarn", "pnpm":
		at := strings.LastIndexByte(pkg, '@')
		return at > 0 && !strings.EqualFold(pkg[at+1:], "latest")
	case "gem":
		return strings.Contains(pkg, ":")
	case "yum", "dnf", "microdnf", "tdnf", "zypper":
		for i := 0; i+1 < len(pkg); i++ {
			if pkg[i] == '-' && pkg[i+1] >= '0' && pkg[i+1] <= '9' {
				return true
			}
		}
		return strings.ContainsAny(pkg, "=<>")
	}
	return true // managers whose pinning is not checked
}

func pinExample(ins pkginstall.Install, loose []string) string {
	if ins.Module {
		return "nodejs:20"
	}
	for _, pkg := range loose {
		if vcsURL(ins.Manager, pkg) {
			if ins.Manager == "npm" || ins.Manager == "yarn" || ins.Manager == "pnpm" {
				return "a commit for a repository: user/repo#<commit>"
			}
			return "a commit for a repository: git+https://host/repo.git@<commit>"
		}
	}
	switch ins.Manager {
	case "apt-get", "apt", "aptitude":
		return "curl=7.88.*"
	case "apk":
		return "curl=8.9.1-r1"
	case "pip", "pip3", "pipx", "uv":
		return "requests==2.32.3"
	case "npm", "yarn", "pnpm":
		return "pnpm@9.4.0"
	case "gem":
		return "bundler:2.5.16"
	case "go":
		return "golang.org/x/tools/gopls@v0.16.1"
	}
	return "name-1.2.3"
}
