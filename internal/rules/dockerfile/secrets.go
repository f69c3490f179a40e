package dockerfile

import (
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/secrets"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/secrets",
		Title:    "Secret baked into the image",
		Phase:    finding.PhaseImage,
		Severity: finding.Critical,
		Rationale: "ENV values are stored in the image configuration and ARG values in its history; files written by " +
			"COPY or ADD stay in that layer even when a later RUN deletes them. Anyone who can pull the image can read " +
			"them (seed 002: do not embed secrets in container images; a secret needed during the build must not stay " +
			"behind). Pass build secrets with RUN --mount=type=secret and runtime secrets through the orchestrator.",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# build time: docker build --secret id=npmrc,src=$HOME/.npmrc .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n" +
				"# run time: inject from Secrets Manager or SSM through the task definition's secrets",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0010"}, Trivy: []string{"AVD-DS-0031"}},
		Check: func(p *rule.Pass) {
			det := p.Settings.SecretDetector()
			for _, img := range images(p) {
				for _, in := range img.MetaArgs {
					checkPairs(p, det, img, in, false)
				}
				for _, s := range img.Stages {
					shipped := inBuilt(img, s)
					for _, in := range s.Instructions {
						if in.OnBuild {
							continue
						}
						switch in.Cmd {
						case "env", "arg":
							checkPairs(p, det, img, in, shipped)
						case "run":
							checkRunText(p, det, s, in)
						case "copy", "add":
							checkSecretFiles(p, img, s, in)
						}
					}
				}
			}
		},
	})
}

// checkPairs reports ENV and ARG values that are secrets, and, in the stages
// that are built, secret-named ENV and ARG whose value comes in at build time.
func checkPairs(p *rule.Pass, det *secrets.Detector, img *model.DockerfileImage, in *model.Instruction, shipped bool) {
	kind := strings.ToUpper(in.Cmd)
	for _, kv := range in.Pairs {
		raw := kv.Raw
		if v := kv.Value; v.Known() && v.V != "" {
			if m, ok := det.Env(kv.Key, v.V); ok {
				p.Reportf(in, in.Pos, "%s %s holds %s (%s), which stays readable in the image; pass it with RUN --mount=type=secret at build time or inject it at run time",
					kind, kv.Key, m.Kind, secrets.Mask(v.V))
				continue
			}
		}
		if !shipped || !det.SecretName(kv.Key) {
			continue
		}
		switch {
		case in.Cmd == "arg" && !kv.HasValue:
			if usedByRun(in.Stage, kv.Key) {
				p.Reportf(in, in.Pos, "ARG %s takes a secret as a build argument; build arguments used by RUN are kept in the image history, use RUN --mount=type=secret instead", kv.Key)
			}
		case in.Cmd == "env" && kv.Value.P == model.Unknown && refersToArg(in, raw):
			p.Reportf(in, in.Pos, "ENV %s copies a build-time value into the image configuration, where anyone who pulls the image can read it; use RUN --mount=type=secret for the build and inject it at run time", kv.Key)
		}
	}
}

// refersToArg reports whether a raw value refers to an ARG declared earlier
// in the instruction's stage.
func refersToArg(in *model.Instruction, raw string) bool {
	for _, a := range in.Stage.Instructions {
		if a == in {
			break
		}
		if a.Cmd != "arg" {
			continue
		}
		for _, kv := range a.Pairs {
			if strings.Contains(raw, "$"+kv.Key) || strings.Contains(raw, "${"+kv.Key) {
				return true
			}
		}
	}
	return false
}

// usedByRun reports whether a RUN after the ARG in its stage refers to it.
func usedByRun(s *model.Stage, name string) bool {
	if s == nil {
		return false
	}
	for _, in := range s.Cmds("run") {
		for _, a := range in.Args {
			if strings.Contains(a, "$"+name) || strings.Contains(a, "${"+name) {
				return true
			}
		}
	}
	return false
}

// checkRunText reports credentials recognised by their shape in a RUN. The
// words of the parsed shell are checked one by one, and only those long
// enough to hold a credential.
func checkRunText(p *rule.Pass, det *secrets.Detector, s *model.Stage, in *model.Instruction) {
	var words []string
	if in.Script != nil {
		for _, c := range in.Script.Calls {
			for _, a := range c.Args {
				if len(a) >= 15 {
					words = append(words, a)
				}
			}
		}
	} else {
		words = in.Args
	}
	for _, w := range words {
		if m, ok := det.Value(w); ok {
			p.Reportf(in, in.Pos, "RUN in %s contains %s, which stays in the image history; pass it with RUN --mount=type=secret", s.Label(), m.Kind)
			return
		}
	}
}

// checkSecretFiles reports COPY and ADD of key and credential files into a
// stage that is built, or into a builder stage from which a built stage
// copies them.
func checkSecretFiles(p *rule.Pass, img *model.DockerfileImage, s *model.Stage, in *model.Instruction) {
	for _, src := range in.Sources {
		if !secretFile(src) {
			continue
		}
		dest := destOf(in, src)
		via := ""
		if !inBuilt(img, s) {
			cp := copiedOut(img, s, dest)
			if cp == nil {
				continue // stays in a builder stage that is not shipped
			}
			via = " and " + finalLabel(img, cp.Stage) + " copies it from there"
		}
		msg := "%s copies the credential file %s into %s%s; it stays readable in the image, use RUN --mount=type=secret instead"
		if rm := removedLater(s, in, dest); rm != nil {
			msg = "%s copies the credential file %s into %s%s; a later RUN deletes it, but it stays in the layer %[1]s created: use RUN --mount=type=secret instead"
		}
		p.Reportf(in, in.Pos, msg, strings.ToUpper(in.Cmd), src, s.Label(), via)
		return
	}
}

// secretFile reports whether a source path names a key or credential file.
func secretFile(src string) bool {
	l := strings.ToLower(strings.TrimRight(src, "/"))
	name := baseName(l)
	switch name {
	case "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials",
		".env", ".dockercfg", ".pgpass", ".htpasswd", "credentials.json", "service-account.json":
		return true
	case "credentials", "config.json":
		dir := baseName(path.Dir(l))
		return (name == "credentials" && dir == ".aws") || (name == "config.json" && dir == ".docker")
	}
	if strings.HasPrefix(name, ".env.") {
		rest := strings.TrimPrefix(name, ".env.")
		return rest != "example" && rest != "sample" && rest != "template" && rest != "dist" && rest != "defaults"
	}
	switch path.Ext(name) {
	case ".key", ".p12", ".pfx", ".jks", ".keystore":
		return !strings.Contains(name, "pub")
	case ".pem":
		for _, w := range []string{"ca", "cert", "chain", "bundle", "pub", "root", "trust"} {
			if strings.Contains(name, w) {
				return false
			}
		}
		return true
	}
	return false
}

// destOf is where COPY puts one of its sources.
func destOf(in *model.Instruction, src string) string {
	d := in.Dest
	if strings.HasSuffix(d, "/") || len(in.Sources) > 1 || d == "." {
		return path.Join(d, baseName(src))
	}
	return d
}

// copiedOut returns a COPY --from=s in a built stage whose source covers
// path p, or nil.
func copiedOut(img *model.DockerfileImage, s *model.Stage, p string) *model.Instruction {
	for _, b := range built(img) {
		for _, in := range b.Cmds("copy") {
			if in.CopyFrom == "" || !namesStage(in.CopyFrom, s) {
				continue
			}
			for _, src := range in.Sources {
				src = strings.TrimSuffix(src, "/")
				if src == "" || src == "." || src == "/" || src == p || strings.HasPrefix(p, src+"/") || !path.IsAbs(p) && strings.HasSuffix(p, "/"+src) {
					return in
				}
			}
		}
	}
	return nil
}

// namesStage reports whether a --from value names the stage (by name or index).
func namesStage(from string, s *model.Stage) bool {
	from = strings.ToLower(from)
	return (s.Name != "" && from == s.Name) || from == itoa(s.Index)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// removedLater returns a later RUN of the stage that deletes path p.
func removedLater(s *model.Stage, after *model.Instruction, p string) *model.Instruction {
	seen := false
	for _, in := range s.Instructions {
		if in == after {
			seen = true
			continue
		}
		if !seen || in.Cmd != "run" || in.Script == nil {
			continue
		}
		for _, c := range in.Script.Calls {
			if c.Name() != "rm" {
				continue
			}
			for _, a := range c.Args[1:] {
				if a == p || baseName(a) == baseName(p) || strings.HasPrefix(p, strings.TrimSuffix(a, "/")+"/") {
					return in
				}
			}
		}
	}
	return nil
}
