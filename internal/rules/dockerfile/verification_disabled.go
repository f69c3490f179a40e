package dockerfile

import (
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fold"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/verification-disabled",
		Title:    "TLS or signature verification switched off",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.High,
		Rationale: "A download without TLS verification, or a package installed without checking its signature, " +
			"takes whatever a network attacker or a poisoned mirror serves: the image is only as trustworthy as its " +
			"least verified input. Fix the CA bundle or the repository key instead of switching the check off. " +
			"AWS documentation: Amazon ECR User Guide, \"Security best practices for Amazon ECR\" and Fusic on Zenn, " +
			"\"AWSのコンテナセキュリティを考えるoverview\" (supply chain).",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# install the CA certificates or the repository key, and keep verification on:\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates=20230311* && rm -rf /var/lib/apt/lists/*\nRUN curl -fsSL https://example.com/tool.tgz -o /tmp/tool.tgz && echo \"<sha256>  /tmp/tool.tgz\" | sha256sum -c -",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, s := range img.Stages {
					for _, in := range s.Instructions {
						switch in.Cmd {
						case "run":
							if in.Script == nil {
								break
							}
							for _, c := range in.Script.Calls {
								what := disablesVerification(c)
								if what == "" {
									continue
								}
								if from := builtPackages(c, in, s, stagesByRef(img)); from != nil {
									p.Reportf(in, callPos(in, c), "RUN in %s runs apk --allow-untrusted for packages built in %s, which also accepts unsigned dependencies from the repositories; "+
										"sign the packages in %s (abuild-keygen -a -n, then abuild-sign) and copy its public key to /etc/apk/keys, so that apk checks every package",
										trigger(finalLabel(img, s), in), from.Label(), from.Label())
									continue
								}
								p.Reportf(in, callPos(in, c), "RUN in %s %s; keep verification on and fix the certificate or key it needs", trigger(finalLabel(img, s), in), what)
							}
							// export NAME=v, declare -x, and NAME=v before a command
							for _, a := range in.Script.Assigns {
								if !a.HasValue || !known(a.Value) || !a.Export && a.Prefix == nil {
									continue
								}
								if what := verificationEnv(a.Name, a.Value); what != "" {
									p.Reportf(in, model.Pos{File: in.Pos.File, Line: a.Line}.Or(in.Pos), "RUN in %s sets %s=%s, %s; remove it and fix the certificate it works around",
										trigger(finalLabel(img, s), in), a.Name, a.Value, what)
								}
							}
						case "env", "arg":
							for _, kv := range in.Pairs {
								if kv.Value.P != model.Known {
									continue
								}
								if what := verificationEnv(kv.Key, kv.Value.V); what != "" {
									p.Reportf(in, in.Pos, "%s %s=%s in %s %s; remove it and fix the certificate it works around", strings.ToUpper(in.Cmd), kv.Key, kv.Value.V, finalLabel(img, s), what)
								}
							}
						}
						// inline files: yum/dnf/zypper repository files, APT sources and settings
						for i, h := range in.Heredocs {
							if i == 0 && in.Cmd == "run" && heredocScript(in) {
								continue // the script itself, judged above
							}
							if line, what := insecureRepoFile(h.Content); what != "" {
								p.Reportf(in, model.Pos{File: in.Pos.File, Line: h.Line + line}.Or(in.Pos), "%s in %s writes an inline file that %s; keep verification on and install the repository key instead",
									keyword(in), finalLabel(img, s), what)
							}
						}
					}
				}
			}
		},
	})
}

// curlValueFlags are curl's short options that take a value: in a cluster
// such as -fsSLo, the letters after one of them are its value.
const curlValueFlags = "oOHduXAebcTwxmrFEKCYyzQP"

// disablesVerification says what the call switches off ("" when nothing).
func disablesVerification(c *shell.Call) string {
	if len(c.Args) == 0 {
		return ""
	}
	name := c.Name()
	args := c.Args[1:]
	has := func(flags ...string) bool {
		for _, a := range args {
			for _, f := range flags {
				if a == f || isOption(a, f) {
					return true
				}
			}
		}
		return false
	}
	for _, a := range args {
		if len(a) < len("gpgcheck=0") {
			continue // shorter than anything below (most words: names, flags)
		}
		if strings.IndexByte(a, '=') < 0 && !fold.ContainsLower(a, "allow") {
			continue // every setting below holds one of them
		}
		l := strings.ToLower(a)
		switch {
		case strings.Contains(l, "[trusted=yes]"):
			return "marks an APT repository [trusted=yes], so its packages are not signature-checked"
		case strings.Contains(l, "gpgcheck=0") || strings.Contains(l, "gpgcheck=false"):
			return "sets gpgcheck=0, so packages are not signature-checked"
		case strings.Contains(l, "allowunauthenticated") && strings.Contains(l, "true"),
			strings.Contains(l, "allowinsecurerepositories") && strings.Contains(l, "true"):
			return "lets APT install unauthenticated packages"
		case l == "http.sslverify=false":
			return "runs git with http.sslVerify=false, so TLS certificates are not checked"
		}
	}
	switch {
	case name == "env":
		for _, a := range args {
			if k, v, ok := strings.Cut(a, "="); ok && known(v) {
				if what := verificationEnv(k, v); what != "" {
					return "sets " + k + "=" + v + " for the command it runs, " + what
				}
			}
		}
	case name == "curl":
		if has("--insecure", "-k") {
			return "runs curl --insecure, so TLS certificates are not checked"
		}
		for _, a := range args {
			if len(a) > 1 && a[0] == '-' && a[1] != '-' {
				for _, r := range a[1:] {
					if r == 'k' {
						return "runs curl -k, so TLS certificates are not checked"
					}
					if strings.ContainsRune(curlValueFlags, r) {
						break
					}
				}
			}
		}
	case name == "wget":
		if has("--no-check-certificate") {
			return "runs wget --no-check-certificate, so TLS certificates are not checked"
		}
	case strings.HasPrefix(name, "pip") || strings.HasPrefix(name, "python") || name == "uv":
		if has("--trusted-host") {
			return "runs pip with --trusted-host, so that host's TLS certificate is not checked"
		}
	case name == "apt-get" || name == "apt" || name == "aptitude":
		if has("--allow-unauthenticated", "--allow-insecure-repositories", "--no-check-valid-until") {
			return "runs " + name + " with unauthenticated packages allowed"
		}
	case name == "apk":
		if has("--allow-untrusted") {
			return "runs apk --allow-untrusted, so package signatures are not checked"
		}
	case name == "yum" || name == "dnf" || name == "microdnf" || name == "tdnf" || name == "zypper":
		if has("--nogpgcheck", "--no-gpg-checks", "--no-gpgcheck") {
			return "runs " + name + " without GPG checks, so package signatures are not checked"
		}
	case name == "rpm":
		if has("--nosignature", "--nodigest") {
			return "runs rpm without signature or digest checks"
		}
	case name == "npm" || name == "yarn" || name == "pnpm":
		for i, a := range args {
			l := strings.ToLower(a)
			if l == "--strict-ssl=false" || (l == "strict-ssl" && i+1 < len(args) && strings.EqualFold(args[i+1], "false")) {
				return "sets " + name + " strict-ssl false, so registry TLS certificates are not checked"
			}
		}
	case name == "git":
		for i, a := range args {
			if strings.EqualFold(a, "http.sslverify") && i+1 < len(args) && strings.EqualFold(args[i+1], "false") {
				return "sets git http.sslVerify false, so TLS certificates are not checked"
			}
		}
	}
	return ""
}

// verificationEnv says what an environment variable switches off ("" when
// nothing): GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0,
// PYTHONHTTPSVERIFY=0, PIP_TRUSTED_HOST, NPM_CONFIG_STRICT_SSL=false.
func verificationEnv(key, value string) string {
	switch strings.ToUpper(key) {
	case "GIT_SSL_NO_VERIFY", "NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY", "PIP_TRUSTED_HOST", "NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL":
	default:
		return "" // most variables: the value is not lowered to be read
	}
	v := strings.ToLower(strings.TrimSpace(value))
	off := v == "0" || v == "false" || v == "no" || v == "off"
	switch strings.ToUpper(key) {
	case "GIT_SSL_NO_VERIFY":
		if v != "" && !off {
			return "which makes git skip TLS certificate checks"
		}
	case "NODE_TLS_REJECT_UNAUTHORIZED":
		if v == "0" {
			return "which makes Node.js accept any TLS certificate"
		}
	case "PYTHONHTTPSVERIFY":
		if v == "0" {
			return "which makes Python skip HTTPS certificate checks"
		}
	case "PIP_TRUSTED_HOST":
		if v != "" {
			return "which makes pip skip TLS checks for those hosts"
		}
	case "NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL":
		if off {
			return "which makes the package manager skip registry TLS checks"
		}
	}
	return ""
}

// heredocScript reports whether a RUN's first heredoc is its script
// (RUN <<EOF ... EOF) rather than a file a command reads.
func heredocScript(in *model.Instruction) bool {
	if len(in.Args) == 0 {
		return false
	}
	cmd := strings.TrimSpace(in.Args[0])
	return strings.HasPrefix(cmd, "<<") && !strings.ContainsAny(cmd, " \t")
}

// insecureRepoFile reads an inline file as a package-manager setting and
// says what it switches off, with the 0-based line: gpgcheck off in a
// yum, dnf or zypper repository file (an INI file: [section], key=value),
// [trusted=yes] on an APT source line (or Trusted: yes in a deb822
// source), AllowUnauthenticated or AllowInsecureRepositories set true in
// an APT setting.
func insecureRepoFile(content string) (int, string) {
	for i, line := range strings.Split(content, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		l := strings.ToLower(t)
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "deb") {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if (k == "gpgcheck" || k == "pkg_gpgcheck") && (v == "0" || v == "false" || v == "no" || v == "off") {
				return i, "sets " + k + "=" + v + ", so packages from that repository are not signature-checked"
			}
			continue
		}
		f := strings.Fields(l)
		switch {
		case len(f) > 1 && (f[0] == "deb" || f[0] == "deb-src") && strings.HasPrefix(f[1], "["):
			for _, opt := range f[1:] {
				if strings.Contains(opt, "trusted=yes") {
					return i, "marks an APT source [trusted=yes], so its packages are not signature-checked"
				}
				if strings.HasSuffix(opt, "]") {
					break
				}
			}
		case len(f) == 2 && f[0] == "trusted:" && f[1] == "yes":
			return i, "marks an APT source Trusted: yes, so its packages are not signature-checked"
		case (strings.Contains(l, "allowunauthenticated") || strings.Contains(l, "allowinsecurerepositories")) && strings.Contains(l, "\"true\""):
			return i, "lets APT install unauthenticated packages"
		}
	}
	return 0, ""
}

// builtPackages returns the stage that built the packages an apk add
// installs from files, when every package is a file below a directory of
// that stage: a RUN --mount of it (from=builder,target=/tmp/packages) or
// what an earlier COPY --from of it put there. nil otherwise.
func builtPackages(c *shell.Call, in *model.Instruction, s *model.Stage, stages map[string]*model.Stage) *model.Stage {
	inst, ok := pkginstall.Of(c)
	if !ok || inst.Manager != "apk" || len(inst.Packages) == 0 {
		return nil
	}
	type dir struct {
		path string
		from *model.Stage
	}
	var dirs []dir
	add := func(ref, target string) {
		if from := stages[strings.ToLower(ref)]; from != nil && from != s && path.IsAbs(target) {
			dirs = append(dirs, dir{path.Clean(target), from})
		}
	}
	for _, m := range in.Mounts {
		if (m.Type == "" || m.Type == "bind") && m.From != "" {
			add(m.From, m.Target)
		}
	}
	for _, prev := range s.Instructions {
		if prev == in {
			break
		}
		if prev.Cmd == "copy" && prev.CopyFrom != "" {
			add(prev.CopyFrom, prev.Dest())
		}
	}
	var from *model.Stage
	for _, pkg := range inst.Packages {
		if !strings.HasSuffix(pkg, ".apk") {
			return nil // a package from the repositories
		}
		var by *model.Stage
		for _, d := range dirs {
			if strings.HasPrefix(path.Clean(pkg), d.path+"/") {
				by = d.from
				break
			}
		}
		if by == nil || (from != nil && by != from) {
			return nil
		}
		from = by
	}
	return from
}
