package dockerfile

import (
	"slices"
	"strings"

	"github.com/shipshape/shipshape/internal/fix"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/package-cleanup",
		Title:    "Package manager leaves caches or extras in the image",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Recommended packages, package lists and download caches enlarge the image and its attack surface " +
			"without being used (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": keep images small; fewer packages mean fewer vulnerabilities to scan and " +
			"patch). Caches must go in the same RUN: a later RUN cannot shrink an earlier layer. Only the stages that " +
			"are built count. A cache or tmpfs mount (RUN --mount=type=cache) on the manager's cache directory, or a " +
			"directory above it, leaves nothing in the layer; a clean that runs before the install does not count. apt-get " +
			"dist-clean (apt 2.7 and later) removes the package lists as rm -rf /var/lib/apt/lists/* does; apt-get clean " +
			"does not. yum and dnf share their cache (yum is dnf on RHEL 8 and later): either's clean all or rm of " +
			"/var/cache/yum or /var/cache/dnf cleans it. pip reads PIP_NO_CACHE_DIR (ENV, ARG, or exported in the RUN) " +
			"with its boolean parser, and since pip 19 any valid value, true or false, turns the cache off. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n" +
				"RUN apk add --no-cache curl=8.9.1-r1\nRUN pip install --no-cache-dir requests==2.32.3",
		},
		Inputs: histInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3009", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060"},
			Dockle:   []string{"DKL-DI-0004", "DKL-DI-0005"}, Trivy: []string{"AVD-DS-0025", "AVD-DS-0029"},
		},
		Fixes: map[model.Format]rule.FixFunc{model.Dockerfile: fixPackageCleanup},
		Check: func(p *rule.Pass) {
			for _, img := range withHistory(p) {
				stages := built(p, img)
				runs(stages, func(s *model.Stage, in *model.Instruction) {
					found := installs(p, in.Script)
					if len(found) == 0 {
						return
					}
					for _, ins := range found {
						var fix, peers []string
						if aptFamily(ins.Manager) && !hasArg(ins.Call, "--no-install-recommends") && !aptNoRecommends(ins.Call) {
							fix = append(fix, "add --no-install-recommends")
							peers = append(peers, "DL3015")
						}
						if c, kept := keptCache(s, in, ins); kept {
							fix = append(fix, c.Fix)
							peers = append(peers, cleanPeer(ins.Manager, c.Manager))
						}
						report := func(peers, fix []string) {
							p.ReportPeersf(peers, in, callPos(in, ins.Call), "%s in %s keeps package caches or extras; %s",
								installWords(ins), trigger(finalLabel(img, s), in), strings.Join(fix, " and "))
						}
						// On a recovered history the recommended packages and
						// the caches are two findings: where the layer the step
						// wrote was read, the caches are judged by what it holds
						// (image/package-manager-cache) and only the first stays.
						switch {
						case len(fix) == 0:
						case img.FromHistory:
							for i := range fix {
								report(peers[i:i+1], fix[i:i+1])
							}
						default:
							report(peers, fix)
						}
					}
				})
			}
		},
	})
}

// judgedCaches are the package managers whose caches the rule judges, as
// pkginstall names them: those the peers check (hadolint DL3009, DL3019,
// DL3032, DL3036, DL3040, DL3042, DL3060). apt's downloaded archives are
// left out: Debian and Ubuntu images delete them after each install
// (/etc/apt/apt.conf.d/docker-clean).
var judgedCaches = map[string]bool{"apt-get": true, "apk": true, "yum": true, "dnf": true, "zypper": true, "pip": true, "yarn": true}

func aptFamily(m string) bool { return m == "apt-get" || m == "apt" || m == "aptitude" }

// keptCache returns the cache an install leaves in the layer, if any. A
// cache is not kept when the install is told to keep none (apk add
// --no-cache, pip --no-cache-dir or PIP_NO_CACHE_DIR), when a cache or
// tmpfs mount of the RUN covers its directory, or when the same RUN
// cleans it after the install (rm of the directory or one above it, or
// the manager's clean command: yum and dnf clean each other's). A clean
// that runs before the install does not count.
func keptCache(s *model.Stage, in *model.Instruction, ins pkginstall.Install) (pkginstall.Cache, bool) {
	mgr, ok := pkginstall.CacheManager(ins.Manager)
	if !ok || !judgedCaches[mgr] {
		return pkginstall.Cache{}, false
	}
	var caches []pkginstall.Cache
	for _, c := range pkginstall.CachesOf(mgr) {
		if c.Dir != "/var/cache/apt/archives" {
			caches = append(caches, c)
		}
	}
	switch mgr {
	case "apk":
		// --no-network installs only what is already there: nothing is downloaded to keep.
		if hasArg(ins.Call, "--no-network") || cacheMount(in, "/etc/apk/cache") {
			return pkginstall.Cache{}, false
		}
	case "pip":
		if pipNoCacheDir(ins.Call) || pipNoCacheEnv(s, in, ins.Call) {
			return pkginstall.Cache{}, false
		}
	case "yarn":
		if hasArg(ins.Call, "--offline") { // reads the cache only
			return pkginstall.Cache{}, false
		}
	}
	idx := callIndex(in.Script, ins.Call)
	for _, c := range caches {
		if len(c.NoCache) > 0 && hasArg(ins.Call, c.NoCache...) {
			return pkginstall.Cache{}, false
		}
		for _, m := range in.Mounts {
			if (m.Type == "cache" || m.Type == "tmpfs") && c.Covers(m.Target) {
				return pkginstall.Cache{}, false
			}
		}
		for _, call := range in.Script.Calls[idx+1:] {
			if cleans(call, c) {
				return pkginstall.Cache{}, false
			}
		}
	}
	kept := caches[0]
	for _, c := range caches {
		if c.Manager == mgr {
			kept = c
			break
		}
	}
	if ins.Manager != mgr && rpm(mgr) {
		// microdnf, tdnf: their own clean command
		kept.Fix = strings.Replace(kept.Fix, " "+mgr+" ", " "+ins.Manager+" ", 1)
	}
	return kept, true
}

// callIndex is the index of c in the script's calls.
func callIndex(s *shell.Script, c *shell.Call) int {
	for i, x := range s.Calls {
		if x == c {
			return i
		}
	}
	return len(s.Calls) - 1
}

// cleans reports whether a call empties a cache: rm of its directory (or
// a directory above it, or its contents by a glob), or one of the
// manager's clean commands.
func cleans(c *shell.Call, cache pkginstall.Cache) bool {
	name, args := unwrapCall(c.Args)
	if len(args) == 0 {
		return false
	}
	if name == "rm" {
		for _, a := range args[1:] {
			if strings.HasPrefix(a, "-") || !known(a) {
				continue
			}
			if i := strings.IndexAny(a, "*?["); i >= 0 {
				a = a[:strings.LastIndexByte(a[:i], '/')+1]
			}
			if cache.Covers(a) {
				return true
			}
		}
		return false
	}
	if m, ok := pkginstall.CacheManager(name); !ok || m != cache.Manager && !(rpm(m) && rpm(cache.Manager)) {
		return false
	}
	var words []string
	all := false
	for _, a := range args[1:] {
		switch {
		case a == "--all" || a == "-a":
			all = true
		case !strings.HasPrefix(a, "-") || a == "-cache":
			words = append(words, a)
		}
	}
	for _, cl := range cache.Cleans {
		if len(words) >= len(cl) && slices.Equal(words[:len(cl)], cl) {
			return true
		}
		// yum clean --all, zypper clean --all
		if all && len(words) == 1 && len(cl) == 2 && cl[1] == "all" && words[0] == cl[0] {
			return true
		}
	}
	return false
}

func rpm(m string) bool { return m == "yum" || m == "dnf" }

// pipNoCacheEnv reports whether PIP_NO_CACHE_DIR turns pip's cache off
// for the call: set by ENV or ARG before the RUN (in the stage or the
// stages it is built FROM), or exported in the RUN before the call. pip
// reads it as it reads its option, with strtobool, and since pip 19
// (pypa/pip#5884) any valid value, true or false, turns the cache off;
// pip ignores an empty value, and other values make it fail. A value not known before the build is not
// reported as keeping the cache.
func pipNoCacheEnv(s *model.Stage, in *model.Instruction, c *shell.Call) bool {
	if v, ok := in.Script.EnvOf(c, "PIP_NO_CACHE_DIR"); ok {
		return !known(v) || pipBool(v)
	}
	v, ok := envBefore(s, in, "PIP_NO_CACHE_DIR")
	if !ok {
		return false
	}
	return !v.Known() || pipBool(v.V)
}

// pipBool reports whether pip's strtobool accepts a value.
func pipBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0":
		return true
	}
	return false
}

// cleanPeer is the hadolint check for a yum or dnf install without
// "clean all".
func cleanPeer(installer, manager string) string {
	if installer == "yum" {
		return "DL3032"
	}
	switch manager {
	case "apt-get":
		return "DL3009"
	case "apk":
		return "DL3019"
	case "pip":
		return "DL3042"
	case "yum":
		return "DL3032"
	case "zypper":
		return "DL3036"
	case "yarn":
		return "DL3060"
	}
	return "DL3040"
}

// installWords names an install in messages: "apk add", "dnf module install".
func installWords(ins pkginstall.Install) string {
	if ins.Module {
		return ins.Manager + " module " + ins.Verb
	}
	return ins.Manager + " " + ins.Verb
}

// aptNoRecommends reports "-o APT::Install-Recommends=false".
func aptNoRecommends(c *shell.Call) bool {
	for _, a := range c.Args {
		l := strings.ToLower(a)
		if strings.Contains(l, "install-recommends=false") || strings.Contains(l, "install-recommends=0") {
			return true
		}
	}
	return false
}

// pipNoCacheDir reports --no-cache-dir, or an abbreviation of it that pip
// accepts (--no-cache: pip takes any unambiguous prefix of a long option).
func pipNoCacheDir(c *shell.Call) bool {
	for _, a := range c.Args[1:] {
		if len(a) >= len("--no-cache") && strings.HasPrefix("--no-cache-dir", a) {
			return true
		}
	}
	return false
}

// fixPackageCleanup adds the options and the cleanup that keep package
// caches out of the image: apt-get --no-install-recommends and rm -rf
// /var/lib/apt/lists/*, apk --no-cache, pip --no-cache-dir, yum/dnf clean
// all.
func fixPackageCleanup(p *rule.FixPass) {
	d, err := p.File.Dockerfile()
	if err != nil {
		p.Skipf("the Dockerfile cannot be edited: %v", err)
		return
	}
	n := d.At(p.Finding.Pos.Line)
	if n == nil {
		p.Skipf("no instruction at the finding")
		return
	}
	run, err := d.RunScript(n)
	if !p.Try(nil, err) {
		return
	}
	var edits []fix.Edit
	tail := ""
	for _, ins := range pkginstall.Installs(run.Script) {
		if d.CallLine(run, ins.Call) != p.Finding.Pos.Line || ins.Call.Nested > 0 {
			continue
		}
		insertAfter := func(verb, opt string) {
			for i, a := range ins.Call.Args {
				if a == verb {
					if at, ok := run.WordEnd(ins.Call, i); ok {
						edits = append(edits, d.Edit(at, at, " "+opt))
					}
					return
				}
			}
		}
		switch ins.Manager {
		case "apt-get", "apt", "aptitude":
			if !hasArg(ins.Call, "--no-install-recommends") && !aptNoRecommends(ins.Call) {
				insertAfter("install", "--no-install-recommends")
			}
			if !strings.Contains(run.Text, "/var/lib/apt/lists") {
				tail = "rm -rf /var/lib/apt/lists/*"
			}
		case "apk":
			if !hasArg(ins.Call, "--no-cache", "--no-network") {
				insertAfter("add", "--no-cache")
			}
		case "pip", "pip3":
			if !pipNoCacheDir(ins.Call) {
				insertAfter("install", "--no-cache-dir")
			}
		case "yum", "dnf", "microdnf":
			if !strings.Contains(run.Text, ins.Manager+" clean all") {
				tail = ins.Manager + " clean all"
			}
		}
	}
	if tail != "" {
		text := strings.TrimRight(run.Text, " \t")
		switch {
		case strings.HasSuffix(text, ";"):
			tail = " " + tail
		case strings.HasSuffix(text, "&") && !strings.HasSuffix(text, "&&"):
			p.Skipf("the RUN ends in the background")
			return
		default:
			tail = " && " + tail
		}
		edits = append(edits, d.Edit(run.End, run.End, tail))
	}
	if len(edits) == 0 {
		p.Skipf("no package install to change at the finding (the cache is kept by a mount or an option shipshape does not add)")
		return
	}
	// The changed script must still be shell.
	out, _, err := fix.Apply(p.File.Data[run.Start:run.End], shift(edits, -run.Start))
	if err == nil {
		_, err = shell.Parse(string(out))
	}
	if err != nil {
		p.Skipf("the changed RUN would not parse as shell: %v", err)
		return
	}
	p.Edit(edits...)
}

// shift moves edits by delta bytes.
func shift(es []fix.Edit, delta int) []fix.Edit {
	out := make([]fix.Edit, len(es))
	for i, e := range es {
		out[i] = fix.Edit{Start: e.Start + delta, End: e.End + delta, Text: e.Text}
	}
	return out
}
