package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
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
			"them (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not embed secrets in container images; a secret needed during the build must not stay " +
			"behind). Pass build secrets with RUN --mount=type=secret and runtime secrets through the orchestrator. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# build time: docker build --secret id=npmrc,src=$HOME/.npmrc .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n" +
				"# run time: inject from Secrets Manager or SSM through the task definition's secrets",
		},
		Inputs: histInputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0010"}, Trivy: []string{"AVD-DS-0031"}},
		Check: func(p *rule.Pass) {
			det := p.Settings.SecretDetector()
			for _, img := range withHistory(p) {
				for _, in := range img.MetaArgs {
					checkPairs(p, det, in, nil)
				}
				copies := &stageCopies{p: p, img: img}
				for _, s := range img.Stages {
					var sf *stageFacts
					if inBuilt(img, s) {
						sf = factsOf(s)
					}
					rms := rmIndex(s)
					for i, in := range s.Instructions {
						if in.OnBuild {
							checkTrigger(p, det, img, s, in, i, copies)
							continue
						}
						switch in.Cmd {
						case "env", "arg":
							if sf != nil {
								sf.at = i
							}
							checkPairs(p, det, in, sf)
							if sf != nil && in.Cmd == "arg" {
								for _, kv := range in.Pairs {
									sf.declare(kv.Key)
								}
							}
						case "run":
							checkRunText(p, det, s, in)
						case "copy", "add":
							if img.FromHistory {
								break // image/secrets judges the files the layers hold
							}
							if !checkSecretFiles(p, img, s, in, i, rms, copies) {
								checkContextSecrets(p, img, s, in, i, copies)
							}
						}
					}
				}
			}
		},
	})
}

// stageFacts are what checkPairs needs to know about a built stage: the
// variables its RUNs use and the ARGs declared so far. Few stages declare a
// secret-named ARG, so the uses are indexed only when one is asked about.
type stageFacts struct {
	stage *model.Stage
	// lastUse is, per variable, the index of the last RUN that uses it;
	// nil until usedLater needs it.
	lastUse  map[string]int
	declared map[string]bool
	// at is the index of the instruction being checked.
	at int
}

func factsOf(s *model.Stage) *stageFacts { return &stageFacts{stage: s} }

// declare notes an ARG declared in the stage.
func (f *stageFacts) declare(name string) {
	if f.declared == nil {
		f.declared = map[string]bool{}
	}
	f.declared[name] = true
}

// usedLater reports whether a RUN after the current instruction uses v.
func (f *stageFacts) usedLater(v string) bool {
	if f.lastUse == nil {
		f.lastUse = map[string]int{}
		for i, in := range f.stage.Instructions {
			if in.Cmd != "run" || in.OnBuild {
				continue
			}
			for _, a := range in.Args {
				for _, v := range varsIn(a) {
					f.lastUse[v] = i
				}
			}
		}
	}
	i, ok := f.lastUse[v]
	return ok && i > f.at
}

// varsIn lists the variables a word refers to ($NAME, ${NAME...}).
func varsIn(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '{' {
			j++
		}
		k := j
		for k < len(s) && (s[k] == '_' || s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k > j {
			out = append(out, s[j:k])
		}
		i = k - 1
	}
	return out
}

// checkPairs reports ENV and ARG values that are secrets, and, in the stages
// that are built (sf not nil), secret-named ENV and ARG whose value comes in
// at build time.
func checkPairs(p *rule.Pass, det *secrets.Detector, in *model.Instruction, sf *stageFacts) {
	for _, kv := range in.Pairs {
		raw := kv.Raw
		if v, ok := writtenValue(in, kv); ok {
			if m, ok := det.Env(kv.Key, v); ok {
				p.Reportf(in, in.Pos, "%s %s%s holds %s (%s), which stays readable in the image; pass it with RUN --mount=type=secret at build time or inject it at run time",
					keyword(in), kv.Key, onbuildNote(in), m.Kind, secrets.Mask(v))
				continue
			}
		}
		if sf == nil || !det.SecretName(kv.Key) {
			continue
		}
		switch {
		case in.Cmd == "arg" && !kv.HasValue:
			if sf.usedLater(kv.Key) {
				p.Reportf(in, in.Pos, "ARG %s takes a secret as a build argument; build arguments used by RUN are kept in the image history, use RUN --mount=type=secret instead", kv.Key)
			}
		case in.Cmd == "env" && kv.Value.P == model.Unknown && refersTo(raw, sf.declared):
			p.Reportf(in, in.Pos, "ENV %s copies a build-time value into the image configuration, where anyone who pulls the image can read it; use RUN --mount=type=secret for the build and inject it at run time", kv.Key)
		}
	}
}

// writtenValue is the value to judge of an ENV or ARG pair: an ENV's value
// with variables expanded (ENV stores it in the image configuration), an
// ARG's default as written. An ARG without a default, or one set with
// --build-arg, holds nothing written in the Dockerfile.
func writtenValue(in *model.Instruction, kv model.KeyValue) (string, bool) {
	if !kv.HasValue {
		return "", false
	}
	if in.Cmd == "arg" && !strings.Contains(kv.Raw, "$") {
		v := strings.Trim(kv.Raw, `"'`)
		return v, v != ""
	}
	return kv.Value.V, kv.Value.Known() && kv.Value.V != ""
}

// refersTo reports whether a raw value refers to one of the names.
func refersTo(raw string, names map[string]bool) bool {
	for _, v := range varsIn(raw) {
		if names[v] {
			return true
		}
	}
	return false
}

// checkRunText reports credentials recognised by their shape in a RUN. The
// words of the parsed shell are checked one by one, and only those long
// enough to hold a credential.
func checkRunText(p *rule.Pass, det *secrets.Detector, s *model.Stage, in *model.Instruction) {
	report := func(pos model.Pos, m secrets.Match) {
		p.Reportf(in, pos, "RUN in %s contains %s, which stays in the image history; pass it with RUN --mount=type=secret", trigger(s.Label(), in), m.Kind)
	}
	if in.Script == nil {
		for _, w := range in.Args {
			if m, ok := det.Value(w); ok {
				report(in.Pos, m)
				return
			}
		}
		return
	}
	// The finding goes on the continuation line of the command holding the
	// secret, where it has to be removed.
	for _, c := range in.Script.Calls {
		for _, a := range c.Args {
			if len(a) < 15 {
				continue
			}
			if m, ok := det.Value(a); ok {
				report(callPos(in, c), m)
				return
			}
		}
	}
	// A password given as an option (mysql -pS3cret, --password X).
	for _, c := range in.Script.Calls {
		if len(c.Args) < 2 || !mayPassSecret(c) {
			continue
		}
		if opt := det.PassedSecret(c.Args); opt != "" {
			p.Reportf(in, callPos(in, c), "RUN in %s gives %s a secret with %s, which stays in the image history; pass it with RUN --mount=type=secret", trigger(s.Label(), in), c.Name(), opt)
			return
		}
	}
}

// mayPassSecret is a quick look at whether a call may pass a secret as an
// option: one of its words after the first starts with "-" and is longer
// than a short flag, or it is a client whose -p or -u takes one.
func mayPassSecret(c *shell.Call) bool {
	for _, a := range c.Args[1:] {
		if len(a) > 2 && a[0] == '-' {
			return true
		}
	}
	return false
}

// checkSecretFiles reports COPY and ADD of key and credential files into a
// stage that is built, or into a builder stage from which a built stage
// copies them.
// It returns whether it reported the instruction.
func checkSecretFiles(p *rule.Pass, img *model.DockerfileImage, s *model.Stage, in *model.Instruction, idx int, rms *rmFacts, copies *stageCopies) bool {
	for _, h := range in.Heredocs {
		if m, ok := p.Settings.SecretDetector().Value(h.Content); ok {
			p.Reportf(in, in.Pos, "%s writes %s into %s from an inline file; it stays readable in the image, use RUN --mount=type=secret instead",
				keyword(in), m.Kind, into(s, in))
			return true
		}
	}
	for _, src := range in.Sources() {
		if !secretFile(src) {
			continue
		}
		dest := destOf(in, src)
		via := ""
		if !inBuilt(img, s) {
			cp := copiedOut(copies.of(s), dest)
			if cp == nil {
				continue // stays in a builder stage that is not shipped
			}
			via = " and " + finalLabel(img, cp.Stage) + " copies it from there"
		}
		msg := "%s copies the credential file %s into %s%s; it stays readable in the image, use RUN --mount=type=secret instead"
		if rms.removedAfter(dest, idx) {
			msg = "%s copies the credential file %s into %s%s; a later RUN deletes it, but it stays in the layer %[1]s created: use RUN --mount=type=secret instead"
		}
		p.Reportf(in, in.Pos, msg, keyword(in), src, into(s, in), via)
		return true
	}
	return false
}

// checkTrigger judges an ONBUILD trigger as the instruction it triggers:
// its ENV, ARG and RUN text wherever it is, its COPY and ADD when the stage
// is built (the trigger then copies into the images built FROM it).
func checkTrigger(p *rule.Pass, det *secrets.Detector, img *model.DockerfileImage, s *model.Stage, in *model.Instruction, idx int, copies *stageCopies) {
	switch in.Cmd {
	case "env", "arg":
		checkPairs(p, det, in, nil)
	case "run":
		checkRunText(p, det, s, in)
	case "copy", "add":
		if inBuilt(img, s) && in.CopyFrom == "" {
			checkSecretFiles(p, img, s, in, idx, &rmFacts{}, copies)
		}
	}
}

// into names where COPY or ADD writes: the stage, or for an ONBUILD
// trigger, the images built FROM it.
func into(s *model.Stage, in *model.Instruction) string {
	if in.OnBuild {
		return "every image built FROM " + s.Label() + " (ONBUILD)"
	}
	return s.Label()
}

// secretFile reports whether a source path names a key or credential file.
func secretFile(src string) bool { return secrets.CredentialFile(src) }

// destOf is where COPY puts one of its sources.
func destOf(in *model.Instruction, src string) string {
	d := in.Dest()
	if strings.HasSuffix(d, "/") || len(in.Sources()) > 1 || d == "." {
		return path.Join(d, baseName(src))
	}
	return d
}

// stageCopies are the COPY --from of an image's built stages by the stage
// they copy from, indexed on first use (most Dockerfiles copy no secret).
type stageCopies struct {
	p   *rule.Pass
	img *model.DockerfileImage
	m   map[*model.Stage][]*model.Instruction
}

// of returns the COPY --from instructions that copy from s.
func (c *stageCopies) of(s *model.Stage) []*model.Instruction {
	if c.m == nil {
		c.m = copiesFrom(c.p, c.img)
	}
	return c.m[s]
}

// copiesFrom maps each stage to the COPY --from instructions of the built
// stages that copy from it.
func copiesFrom(p *rule.Pass, img *model.DockerfileImage) map[*model.Stage][]*model.Instruction {
	out := map[*model.Stage][]*model.Instruction{}
	byName := stagesByRef(img)
	for _, b := range built(p, img) {
		for _, in := range b.Cmds("copy") {
			if from := byName[strings.ToLower(in.CopyFrom)]; in.CopyFrom != "" && from != nil {
				out[from] = append(out[from], in)
			}
		}
	}
	return out
}

// copiedOut returns the COPY --from among copies whose source covers path
// p, or nil.
func copiedOut(copies []*model.Instruction, p string) *model.Instruction {
	for _, in := range copies {
		for _, src := range in.Sources() {
			src = strings.TrimSuffix(src, "/")
			if src == "" || src == "." || src == "/" || src == p || strings.HasPrefix(p, src+"/") || !path.IsAbs(p) && strings.HasSuffix(p, "/"+src) {
				return in
			}
		}
	}
	return nil
}

// rmFacts index the paths removed by rm in a stage's RUNs: path or base
// name -> index of the last instruction removing it. The index is made
// when first asked (only a credential file copied in asks).
type rmFacts struct {
	stage  *model.Stage // nil: nothing is removed
	byPath map[string]int
	byBase map[string]int
}

func rmIndex(s *model.Stage) *rmFacts { return &rmFacts{stage: s} }

func (f *rmFacts) index() {
	f.byPath, f.byBase = map[string]int{}, map[string]int{}
	if f.stage == nil {
		return
	}
	for i, in := range f.stage.Instructions {
		if in.Cmd != "run" || in.Script == nil || in.OnBuild {
			continue
		}
		for _, c := range in.Script.Calls {
			if c.Name() != "rm" {
				continue
			}
			for _, a := range c.Args[1:] {
				if strings.HasPrefix(a, "-") || !known(a) {
					continue
				}
				a = strings.TrimSuffix(a, "/")
				f.byPath[a] = i
				f.byBase[baseName(a)] = i
			}
		}
	}
}

// removedAfter reports whether a RUN after instruction idx removes path p
// (or a directory above it).
func (f *rmFacts) removedAfter(p string, idx int) bool {
	if f.byPath == nil {
		f.index()
	}
	if i, ok := f.byBase[baseName(p)]; ok && i > idx {
		return true
	}
	for d := p; d != "/" && d != "." && d != ""; d = path.Dir(d) {
		if i, ok := f.byPath[d]; ok && i > idx {
			return true
		}
	}
	return false
}

// checkContextSecrets reports a COPY or ADD of a directory of the build
// context (COPY . .) that takes in credential files .dockerignore does not
// exclude, into a built stage or into a builder stage from which a built
// stage copies them.
func checkContextSecrets(p *rule.Pass, img *model.DockerfileImage, s *model.Stage, in *model.Instruction, idx int, copies *stageCopies) {
	if len(img.ContextSecrets) == 0 || in.CopyFrom != "" || len(in.Heredocs) > 0 {
		return
	}
	built := inBuilt(img, s)
	var files []string
	var ignore string
	via := ""
	for _, cf := range img.ContextSecrets {
		for _, src := range in.Sources() {
			rel, ok := underSource(src, cf.Path)
			if !ok {
				continue
			}
			if !built {
				dest := path.Join(in.Dest(), rel)
				if !path.IsAbs(dest) {
					wd, known := workdirAt(s, idx)
					if !known {
						continue
					}
					dest = path.Join(wd, dest)
				}
				cp := copiedOut(copies.of(s), dest)
				if cp == nil {
					continue
				}
				via = " and " + finalLabel(img, cp.Stage) + " copies it from there"
			}
			files = append(files, cf.Path)
			ignore = cf.Ignore
			break
		}
	}
	if len(files) == 0 {
		return
	}
	names := strings.Join(files, ", ")
	if len(files) > 3 {
		names = strings.Join(files[:3], ", ") + " and " + strconv.Itoa(len(files)-3) + " more"
	}
	what, it := "the credential file "+names, "it"
	if len(files) > 1 {
		what, it = "the credential files "+names, "them"
	}
	why := "there is no .dockerignore"
	if ignore != "" {
		why = ignore + " does not exclude " + it
	}
	p.Reportf(in, in.Pos, "%s %s copies %s from the build context into %s%s (%s); the image keeps %s readable: exclude %s in .dockerignore and pass secrets with RUN --mount=type=secret",
		keyword(in), strings.Join(in.Sources(), " "), what, s.Label(), via, why, it, it)
}

// underSource reports whether a COPY source (a directory, ".", or a glob)
// takes in the context file f, and where below the destination it lands.
func underSource(src, f string) (string, bool) {
	src = strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(src, `\`, "/")), "/")
	if src == "" {
		return f, true
	}
	if strings.ContainsAny(src, "*?[") {
		n := strings.Count(src, "/") + 1
		parts := strings.SplitN(f, "/", n+1)
		if len(parts) < n {
			return "", false
		}
		if ok, err := path.Match(src, strings.Join(parts[:n], "/")); err != nil || !ok {
			return "", false
		}
		return strings.TrimPrefix(f, path.Dir(src)+"/"), true
	}
	if rest, ok := strings.CutPrefix(f, src+"/"); ok {
		return rest, true
	}
	return "", false
}

// workdirAt is the working directory in effect at instruction idx of a
// stage: the last WORKDIR before it, joined to those before, inherited from
// the stage it is built FROM; "/" when none is set. It is not known when a
// WORKDIR uses an unknown build argument.
func workdirAt(s *model.Stage, idx int) (string, bool) {
	var dirs []string
	for st, i := s, idx; st != nil && len(dirs) < 64; st = st.BaseStage {
		for j := i - 1; j >= 0; j-- {
			in := st.Instructions[j]
			if in.Cmd != "workdir" || in.OnBuild {
				continue
			}
			wd := in.Value()
			if !wd.Known() {
				return "", false
			}
			dirs = append(dirs, wd.V)
			if path.IsAbs(wd.V) {
				return joinDirs(dirs), true
			}
		}
		if st.BaseStage != nil {
			i = len(st.BaseStage.Instructions)
		}
	}
	return joinDirs(append(dirs, "/")), true
}

// joinDirs joins WORKDIRs collected last first.
func joinDirs(dirs []string) string {
	out := ""
	for i := len(dirs) - 1; i >= 0; i-- {
		out = path.Join(out, dirs[i])
	}
	return out
}
