// Package dockerfile holds the rules on Dockerfiles ("AWSのコンテナセキュリティを考えるoverview" (Fusic on Zenn): image
// development; hadolint, Dockle and CIS Docker 4.x), which read
// model.DockerfileImage. Rules about what the image is (its user, health
// check, base image size, exposed ports, start command) judge the stage that
// is built — the last, or --target — and the stages it is built FROM;
// rules about how it is built read every stage.
package dockerfile

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/smallmap"
)

// dfInputs are the formats the rules read.
var dfInputs = []model.Format{model.Dockerfile}

// images returns the Dockerfiles of the state.
func images(p *rule.Pass) []*model.DockerfileImage {
	return imagesOf(p).built
}

// withHistory returns the Dockerfiles of the state and the instructions
// recovered from built images' histories, for the rules on how RUN, ADD
// and COPY build that still hold on a built image.
func withHistory(p *rule.Pass) []*model.DockerfileImage {
	return imagesOf(p).all
}

// stateImages are the Dockerfile images of a state, listed once per state
// for the rules that read them (a pass's fact; its slices are not to be
// changed).
type stateImages struct {
	// all are the state's images, those recovered from image histories
	// included; built leaves those out (the same slice when there are none).
	all, built []*model.DockerfileImage
	// chains are the built stages of each image of all (by index), made
	// when asked (a chain holds at least the target: nil is not made).
	chains [][]*model.Stage
	// installs are the package installs of each script asked about, found
	// once per state (several rules ask about every RUN; most Dockerfiles
	// have a few RUNs, searched in a list).
	installs smallmap.Map[*shell.Script, []pkginstall.Install]
}

// listedInstalls is how many scripts' installs a state keeps in its list.
const listedInstalls = 16

// imagesKey names a state's stateImages among a pass's facts.
type imagesKey struct{}

func imagesOf(p *rule.Pass) *stateImages {
	if v, ok := p.Fact(imagesKey{}); ok {
		return v.(*stateImages)
	}
	si := &stateImages{installs: smallmap.Map[*shell.Script, []pkginstall.Install]{Listed: listedInstalls}}
	history := 0
	for _, r := range p.State.Resources {
		if img, ok := r.(*model.DockerfileImage); ok {
			si.all = append(si.all, img)
			if img.FromHistory {
				history++
			}
		}
	}
	si.built = si.all
	if history > 0 {
		si.built = make([]*model.DockerfileImage, 0, len(si.all)-history)
		for _, img := range si.all {
			if !img.FromHistory {
				si.built = append(si.built, img)
			}
		}
	}
	p.SetFact(imagesKey{}, si)
	return si
}

// installs are the package installations of a script, found once per
// state for the rules that read them (callers must not change the slice).
func installs(p *rule.Pass, s *shell.Script) []pkginstall.Install {
	si := imagesOf(p)
	if ins, ok := si.installs.Get(s); ok {
		return ins
	}
	ins := pkginstall.Installs(s)
	si.installs.Set(s, ins)
	return ins
}

// histInputs are the formats of the rules that also read image histories.
var histInputs = []model.Format{model.Dockerfile, model.Image}

// built returns the stage that is built and the stages it is built FROM,
// nearest first: what ends up in the image. The chain is made once per
// state for the rules that read it (callers must not change the slice).
func built(p *rule.Pass, img *model.DockerfileImage) []*model.Stage {
	if img.Target == nil {
		return nil
	}
	si := imagesOf(p)
	i := slices.Index(si.all, img)
	if i < 0 {
		return img.Target.Chain() // not of this state
	}
	if si.chains == nil {
		si.chains = make([][]*model.Stage, len(si.all))
	}
	if si.chains[i] == nil {
		si.chains[i] = img.Target.Chain()
	}
	return si.chains[i]
}

// inBuilt reports whether s is part of what is built.
func inBuilt(img *model.DockerfileImage, s *model.Stage) bool {
	return img.Target != nil && img.Target.InChain(s)
}

// runs calls fn for every RUN of the stages whose shell was parsed, ONBUILD
// RUN triggers included (name them in messages with trigger).
func runs(stages []*model.Stage, fn func(s *model.Stage, in *model.Instruction)) {
	for _, s := range stages {
		for _, in := range s.Instructions {
			if in.Cmd == "run" && in.Script != nil {
				fn(s, in)
			}
		}
	}
}

// withTriggers returns the stage's instructions with the keyword, ONBUILD
// triggers included.
func withTriggers(s *model.Stage, cmd string) []*model.Instruction {
	var out []*model.Instruction
	for _, in := range s.Instructions {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// keyword is the instruction's keyword for messages: "ADD", or "ONBUILD ADD".
func keyword(in *model.Instruction) string {
	if in.OnBuild {
		return "ONBUILD " + upperKeyword(in.Cmd)
	}
	return upperKeyword(in.Cmd)
}

// upperKeyword is strings.ToUpper of a keyword, without making a new
// string for those the rules name in messages.
func upperKeyword(cmd string) string {
	switch cmd {
	case "add":
		return "ADD"
	case "arg":
		return "ARG"
	case "copy":
		return "COPY"
	case "env":
		return "ENV"
	case "run":
		return "RUN"
	}
	return strings.ToUpper(cmd)
}

// onbuildNote is what a message says of an ONBUILD trigger, "" otherwise.
func onbuildNote(in *model.Instruction) string {
	if in.OnBuild {
		return " (it runs in every image built FROM this one)"
	}
	return ""
}

// finalLabel names the stage in messages, saying when it is the one built.
func finalLabel(img *model.DockerfileImage, s *model.Stage) string {
	if s == img.Target {
		if len(img.Stages) == 1 {
			return "the image"
		}
		return "the final " + s.Label()
	}
	return s.Label()
}

// trigger names where an instruction is in messages: the stage's label, and
// for an ONBUILD trigger, that it runs in the images built FROM this one.
func trigger(label string, in *model.Instruction) string {
	if in.OnBuild {
		return "an ONBUILD trigger of " + label + onbuildNote(in)
	}
	return label
}

// cacheMount reports whether a RUN mounts a cache (or tmpfs) at one of the
// directories, which keeps what is written there out of the layer.
func cacheMount(in *model.Instruction, dirs ...string) bool {
	for _, m := range in.Mounts {
		if m.Type != "cache" && m.Type != "tmpfs" {
			continue
		}
		t := strings.TrimSuffix(m.Target, "/")
		for _, d := range dirs {
			if t == d || strings.HasPrefix(d, t+"/") {
				return true
			}
		}
	}
	return false
}

// hasArg reports whether a call has one of the arguments (exactly, or as
// the prefix "name=" of an option with a value).
func hasArg(c *shell.Call, names ...string) bool {
	for _, a := range c.Args[1:] {
		for _, n := range names {
			if a == n || isOption(a, n) {
				return true
			}
		}
	}
	return false
}

// isOption reports whether a is "name=value": strings.HasPrefix(a,
// name+"="), without joining name and "=" for each word.
func isOption(a, name string) bool {
	return len(a) > len(name) && a[len(name)] == '=' && a[:len(name)] == name
}

// known reports whether a word holds no unknown part.
func known(s string) bool { return !strings.Contains(s, shell.Unknown) }

// baseName returns the last path element.
func baseName(p string) string {
	p = strings.TrimRight(p, "/")
	for i := len(p) - 1; i >= 0; i-- { // as strings.LastIndexAny(p, `/\`), without its set of bytes each call
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}

// callPos is where a call of an instruction's script is written.
func callPos(in *model.Instruction, c *shell.Call) model.Pos {
	return model.Pos{File: in.Pos.File, Line: c.Line}.Or(in.Pos)
}

// wordPos is the line of a call's word: the continuation line it is on,
// or the call's line when the word is not found.
func wordPos(in *model.Instruction, c *shell.Call, word string) model.Pos {
	for i := len(c.Args) - 1; i > 0; i-- {
		if c.Args[i] == word && i < len(c.ArgLines) {
			return model.Pos{File: in.Pos.File, Line: c.ArgLines[i]}.Or(in.Pos)
		}
	}
	return callPos(in, c)
}

// show writes a word for messages, with unknown parts as "$…".
func show(s string) string { return strings.ReplaceAll(s, shell.Unknown, "$…") }

// showWord writes a word of a call for messages: its value when it is
// known, else as written in the script ("$CONF_DIR" rather than "$…").
func showWord(c *shell.Call, w string) string {
	if known(w) {
		return w
	}
	for i, a := range c.Args {
		if a == w {
			return c.Source(i)
		}
	}
	return show(w)
}

// envBefore returns the value of an ENV or ARG variable in effect at an
// instruction of a stage: the last one set before it in the stage, or in
// the stages it is built FROM. RUN sees both in its environment.
func envBefore(s *model.Stage, in *model.Instruction, name string) (model.Str, bool) {
	end := -1
	for i, x := range s.Instructions {
		if x == in {
			end = i
			break
		}
	}
	for depth := 0; s != nil && depth < 64; depth++ {
		if end < 0 {
			end = len(s.Instructions)
		}
		for i := end - 1; i >= 0; i-- {
			x := s.Instructions[i]
			if x.OnBuild || x.Cmd != "env" && x.Cmd != "arg" {
				continue
			}
			for j := len(x.Pairs) - 1; j >= 0; j-- {
				if kv := x.Pairs[j]; kv.Key == name {
					return kv.Value, true
				}
			}
		}
		s, end = s.BaseStage, -1
	}
	return model.Str{}, false
}

// stagesByRef maps what COPY --from and RUN --mount from= may name to the
// stage of the image it names: its index ("0") and its name.
func stagesByRef(img *model.DockerfileImage) map[string]*model.Stage {
	out := make(map[string]*model.Stage, 2*len(img.Stages))
	for _, s := range img.Stages {
		out[strconv.Itoa(s.Index)] = s
		if s.Name != "" {
			out[s.Name] = s
		}
	}
	return out
}
