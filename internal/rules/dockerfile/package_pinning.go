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
			"supply chain). Pin versions, or install from a lock file. Upgrading every package inside the build (apt-get " +
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
					for _, ins := range pkginstall.Installs(in.Script) {
						if loose := unpinned(ins); len(loose) > 0 {
							p.ReportPeersf(pinPeers(ins.Manager), in, callPos(in, ins.Call), "%s in %s installs %s without a version; pin each package (%s)",
								ins.Manager, trigger(s.Label(), in), packageList(loose), pinExample(ins.Manager))
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
		return []string{"DL3008"}
	case "pip", "pip3", "pipx", "uv":
		return []string{"DL3013"}
	case "npm", "yarn", "pnpm":
		return []string{"DL3016"}
	case "apk":
		return []string{"DL3018"}
	case "gem":
		return []string{"DL3028"}
	case "yum":
		return []string{"DL3033"}
	case "dnf", "microdnf":
		return []string{"DL3041"}
	}
	return nil
}

// upgradePeers is the hadolint check for upgrades with apt-get (DL3005,
// since retired by hadolint); apk upgrades have none.
func upgradePeers(manager string) []string {
	if manager == "apk" {
		return []string{}
	}
	return []string{"DL3005"}
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

// unpinned lists the packages of an install that name no version.
func unpinned(ins pkginstall.Install) []string {
	var out []string
	pkgs := ins.Packages
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
	}
	for _, pkg := range pkgs {
		if !known(pkg) || localPackage(pkg) {
			continue
		}
		if !pinned(ins.Manager, pkg) {
			out = append(out, pkg)
		}
	}
	return out
}

// localPackage reports whether a package argument is a file, directory or URL.
func localPackage(pkg string) bool {
	l := strings.ToLower(pkg)
	for _, ext := range []string{".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return pkg == "." || strings.HasPrefix(pkg, "./") || strings.HasPrefix(pkg, "/") || strings.HasPrefix(pkg, "../") ||
		strings.Contains(l, "://") || strings.HasPrefix(l, "git+") || strings.HasPrefix(l, "file:")
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
		return strings.LastIndexByte(pkg, '@') > 0
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

func pinExample(manager string) string {
	switch manager {
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
	}
	return "name-1.2.3"
}
