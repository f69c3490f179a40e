package dockerfile

import (
	"github.com/shipshape/shipshape/internal/fix"
	"strings"

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
			"are built count. apt-get dist-clean (apt 2.7 and later) removes the package lists as rm -rf " +
			"/var/lib/apt/lists/* does; apt-get clean does not. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n" +
				"RUN apk add --no-cache curl=8.9.1-r1\nRUN pip install --no-cache-dir requests==2.32.3",
		},
		Inputs: histInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3009", "DL3015", "DL3019", "DL3032", "DL3040", "DL3042"},
			Dockle:   []string{"DKL-DI-0004", "DKL-DI-0005"}, Trivy: []string{"AVD-DS-0025", "AVD-DS-0029"},
		},
		Fixes: map[model.Format]rule.FixFunc{model.Dockerfile: fixPackageCleanup},
		Check: func(p *rule.Pass) {
			for _, img := range withHistory(p) {
				stages := built(img)
				pipNoCache := envSet(stages, "PIP_NO_CACHE_DIR")
				runs(stages, func(s *model.Stage, in *model.Instruction) {
					installs := pkginstall.Installs(in.Script)
					if len(installs) == 0 {
						return
					}
					f := runFactsOf(in.Script)
					for _, ins := range installs {
						var fix, peers []string
						switch ins.Manager {
						case "apt-get", "apt", "aptitude":
							if !hasArg(ins.Call, "--no-install-recommends") && !aptNoRecommends(ins.Call) {
								fix = append(fix, "add --no-install-recommends")
								peers = append(peers, "DL3015")
							}
							if !f.removes("/var/lib/apt/lists") && !cacheMount(in, "/var/lib/apt/lists", "/var/lib/apt") {
								fix = append(fix, "remove /var/lib/apt/lists/* in the same RUN")
								peers = append(peers, "DL3009")
							}
						case "apk":
							// --no-network installs only what is already there: nothing is downloaded to keep.
							if !hasArg(ins.Call, "--no-cache", "--no-network") && !f.removes("/var/cache/apk") && !cacheMount(in, "/var/cache/apk", "/etc/apk/cache") {
								fix = append(fix, "add --no-cache")
								peers = append(peers, "DL3019")
							}
						case "pip", "pip3":
							if !pipNoCache && !pipNoCacheDir(ins.Call) && !cacheMount(in, "/root/.cache/pip", "/root/.cache") && !mountsPipCache(in) {
								fix = append(fix, "add --no-cache-dir")
								peers = append(peers, "DL3042")
							}
						case "yum", "dnf", "microdnf":
							if !f.cleaned[ins.Manager] && !f.removes("/var/cache/"+strings.TrimPrefix(ins.Manager, "micro")) && !cacheMount(in, "/var/cache/yum", "/var/cache/dnf") {
								fix = append(fix, "run "+ins.Manager+" clean all in the same RUN")
								peers = append(peers, cleanPeer(ins.Manager))
							}
						}
						if len(fix) > 0 {
							p.ReportPeersf(peers, in, callPos(in, ins.Call), "%s in %s keeps package caches or extras; %s",
								ins.Manager+" "+verb(ins.Manager), trigger(finalLabel(img, s), in), strings.Join(fix, " and "))
						}
					}
				})
			}
		},
	})
}

// runFacts are what one RUN removes and cleans, read once.
type runFacts struct {
	rmArgs  []string
	cleaned map[string]bool
	memo    map[string]bool
}

func runFactsOf(s *shell.Script) runFacts {
	f := runFacts{cleaned: map[string]bool{}, memo: map[string]bool{}}
	for _, c := range s.Calls {
		name, args := unwrapCall(c.Args)
		if len(args) == 0 {
			continue
		}
		switch name {
		case "rm":
			f.rmArgs = append(f.rmArgs, args[1:]...)
		case "yum", "dnf", "microdnf":
			if hasArg(&shell.Call{Args: args}, "clean") {
				f.cleaned[name] = true
			}
		case "apt-get", "apt":
			// apt 2.7 and later: dist-clean removes the package lists
			// (/var/lib/apt/lists) as well as the download cache.
			if hasArg(&shell.Call{Args: args}, "dist-clean") {
				f.rmArgs = append(f.rmArgs, "/var/lib/apt/lists/*")
			}
		}
	}
	return f
}

// removes reports whether the RUN runs rm on dir or something below it.
func (f runFacts) removes(dir string) bool {
	if v, ok := f.memo[dir]; ok {
		return v
	}
	v := false
	for _, a := range f.rmArgs {
		if strings.HasPrefix(a, dir) {
			v = true
			break
		}
	}
	f.memo[dir] = v
	return v
}

// cleanPeer is the hadolint check for a yum or dnf install without
// "clean all".
func cleanPeer(manager string) string {
	if manager == "yum" {
		return "DL3032"
	}
	return "DL3040"
}

func verb(manager string) string {
	if manager == "apk" {
		return "add"
	}
	return "install"
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

func mountsPipCache(in *model.Instruction) bool {
	for _, m := range in.Mounts {
		if m.Type == "cache" && strings.HasSuffix(strings.TrimSuffix(m.Target, "/"), ".cache/pip") {
			return true
		}
	}
	return false
}

// envSet reports whether one of the stages sets an ENV variable.
func envSet(stages []*model.Stage, name string) bool {
	for _, s := range stages {
		for _, in := range s.Cmds("env") {
			for _, kv := range in.Pairs {
				if kv.Key == name {
					return true
				}
			}
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
