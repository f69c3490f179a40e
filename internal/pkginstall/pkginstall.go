// Package pkginstall recognises, in parsed shell commands, package-manager
// installs and downloads piped into a shell: what the guidance says must not
// happen when a container starts.
package pkginstall

import (
	"strings"

	"github.com/shipshape/shipshape/internal/parse/shell"
)

// Install is one package installation found.
type Install struct {
	// Manager is the tool: apt-get, apk, yum, dnf, pip, npm, gem, ...
	Manager string
	// Verb is the subcommand that installs ("install", "add", "-S").
	Verb string
	// Module is true for "dnf module install" (and yum, microdnf): the
	// packages are modules, NAME[:STREAM[:VERSION]][/PROFILE].
	Module bool
	// Packages are the package arguments (without options).
	Packages []string
	Call     *shell.Call
}

// installVerbs maps a package manager to the subcommands that install.
var installVerbs = map[string][]string{
	"apt-get": {"install"}, "apt": {"install"}, "aptitude": {"install"},
	"apk": {"add"}, "yum": {"install"}, "dnf": {"install"}, "microdnf": {"install"}, "zypper": {"install", "in"},
	"tdnf": {"install"}, "pacman": {"-S", "-Sy", "-Syu"},
	"pip": {"install"}, "pip3": {"install"}, "pipx": {"install"}, "uv": {"pip"},
	"npm": {"install", "i", "add"}, "yarn": {"add", "install"}, "pnpm": {"add", "install"},
	"gem": {"install"}, "go": {"install", "get"}, "cargo": {"install"}, "composer": {"require"},
	"conda": {"install"}, "brew": {"install"},
}

// Installs lists the package installations in a script, including
// "python -m pip install".
func Installs(s *shell.Script) []Install {
	var out []Install
	for _, c := range s.Calls {
		if in, ok := installOf(c); ok {
			out = append(out, in)
		}
	}
	return out
}

// Of returns the package installation one call makes, if it makes one.
func Of(c *shell.Call) (Install, bool) { return installOf(c) }

func installOf(c *shell.Call) (Install, bool) {
	name, args, ok := unwrap(c)
	if !ok {
		return Install{}, false
	}
	if strings.HasPrefix(name, "python") && len(args) > 2 && args[1] == "-m" {
		name = args[2]
		args = args[2:]
	}
	if strings.HasPrefix(name, "pip3.") || strings.HasPrefix(name, "pip2") {
		name = "pip"
	}
	verbs, ok := installVerbs[name]
	if !ok {
		return Install{}, false
	}
	if dryRun(name, args[1:]) {
		return Install{}, false
	}
	module := false
	for i, a := range args[1:] {
		for _, v := range verbs {
			if a == v {
				return Install{Manager: name, Verb: v, Module: module, Packages: packages(name, args[i+2:]), Call: c}, true
			}
		}
		if name == "yarn" && a == "global" {
			continue // yarn global add
		}
		if a == "module" && !module && (name == "dnf" || name == "yum" || name == "microdnf") {
			module = true
			continue // dnf module install
		}
		if !strings.HasPrefix(a, "-") {
			return Install{}, false // another subcommand (apt-get update, npm ci is separate)
		}
	}
	return Install{}, false
}

// dryRun reports the options that make an install only say what it would
// do: apt-get -s (--simulate, --dry-run, --just-print, --no-act, --recon),
// pip, npm and others' --dry-run.
func dryRun(name string, args []string) bool {
	for _, a := range args {
		switch a {
		case "--dry-run", "--simulate", "--just-print", "--no-act", "--recon":
			return true
		case "-s":
			if family(name) == "apt-get" {
				return true
			}
		}
		if family(name) == "apt-get" && len(a) > 2 && a[0] == '-' && a[1] != '-' && strings.ContainsRune(a[1:], 's') {
			return true // -sy
		}
	}
	return false
}

// unwrap returns the command a call runs through sudo, env, nohup, exec or
// command (skipping their options and variable assignments), with its words.
func unwrap(c *shell.Call) (string, []string, bool) {
	args := c.Args
	name := c.Name()
	for name == "sudo" || name == "env" || name == "nohup" || name == "exec" || name == "command" {
		args = args[1:]
		for len(args) > 0 && (strings.HasPrefix(args[0], "-") || strings.Contains(args[0], "=")) {
			args = args[1:]
		}
		if len(args) == 0 {
			return "", nil, false
		}
		name = baseName(args[0])
	}
	return name, args, true
}

// valueOptions are the options that take a value as the next word, for
// every manager ("") and for one manager family (pip's -v is verbose, gem's
// is the version).
var valueOptions = map[string]map[string]bool{
	"": set("-r", "--requirement", "-c", "--constraint", "-t", "--target", "--prefix", "-i", "--index-url",
		"--extra-index-url", "--repository", "-X", "--virtual"),
	"pip": set("-f", "--find-links", "--trusted-host", "--root", "--src", "--cache-dir", "--log", "--proxy",
		"--retries", "--timeout", "--platform", "--python-version", "--implementation", "--abi", "--upgrade-strategy",
		"--no-binary", "--only-binary", "--progress-bar", "--exists-action", "--cert", "--client-cert", "-e", "--editable",
		"--root-user-action", "-C", "--config-settings", "--global-option", "--install-option", "--report", "--use-feature",
		"--use-deprecated", "--python", "--keyring-provider", "--log-file", "--resume-retries", "--group"),
	"gem": set("-v", "--version", "--install-dir", "-i", "-n", "--bindir", "-s", "--source", "--platform"),
	"npm": set("--registry", "--cache", "--userconfig", "--loglevel", "--omit", "--include", "--install-strategy", "-w",
		"--workspace", "--location", "--before", "--tag", "--fetch-retries", "--network-timeout"),
	"yarn": set("--cwd", "--network-timeout", "--modules-folder", "--cache-folder", "--mutex", "--registry", "--global-folder",
		"--link-folder", "--preferred-cache-folder"),
	"go": set("-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile", "-p", "-pkgdir", "-overlay", "-pgo",
		"-toolexec", "-buildmode", "-compiler", "-installsuffix", "-C", "-exec", "-o"),
	"apt-get": set("-o", "--option", "--target-release", "--default-release", "-t"),
	"apk":     set("-p", "--root", "--cache-dir", "--arch", "-t"),
	"dnf": set("--setopt", "--releasever", "--installroot", "--enablerepo", "--disablerepo", "--repo", "--exclude", "-x",
		"--forcearch", "--repofrompath", "--config", "-c"),
}

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// family names the manager whose option list applies: pip3 and pipx use pip's.
func family(manager string) string {
	switch {
	case strings.HasPrefix(manager, "pip"), manager == "uv":
		return "pip"
	case manager == "apt" || manager == "aptitude":
		return "apt-get"
	case manager == "yum" || manager == "microdnf" || manager == "tdnf":
		return "dnf"
	case manager == "pnpm":
		return "npm"
	}
	return manager
}

func packages(manager string, args []string) []string {
	var out []string
	own := valueOptions[family(manager)]
	skipNext := false
	for _, a := range args {
		if skipNext {
			skipNext = false
			continue
		}
		if strings.HasPrefix(a, "-") {
			skipNext = valueOptions[""][a] || own[a]
			continue
		}
		out = append(out, a)
	}
	return out
}

func baseName(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Download is a download piped into a shell (curl ... | sh).
type Download struct {
	Fetcher string // curl or wget
	Shell   string // sh, bash, ...
	Call    *shell.Call
}

var shells = map[string]bool{"sh": true, "bash": true, "ash": true, "dash": true, "zsh": true, "ksh": true, "python": true, "python3": true, "perl": true, "ruby": true, "node": true}

// PipesToShell lists downloads whose output a shell runs: "curl URL | sh",
// "wget -O- URL | sudo bash", "bash -c \"$(curl URL)\"", "sh <(curl URL)".
func PipesToShell(s *shell.Script) []Download {
	var out []Download
	for _, c := range s.Calls {
		fetch := c.Name()
		if fetch != "curl" && fetch != "wget" {
			continue
		}
		to := c.PipeTo
		if to == nil {
			continue
		}
		name, _, ok := unwrap(to)
		if !ok {
			continue
		}
		if shells[name] || strings.HasPrefix(name, "python") {
			out = append(out, Download{Fetcher: fetch, Shell: name, Call: c})
		}
	}
	return out
}
