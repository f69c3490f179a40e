package model

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/parse/shell"
)

// DockerfileImage is one Dockerfile: its build stages in order and the stage
// that is built (the last one, or the one --target names).
type DockerfileImage struct {
	Meta
	// Stages in declaration order.
	Stages []*Stage
	// Target is the stage that is built; nil when --target names no stage.
	Target *Stage
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []*Instruction
	// Syntax is the "# syntax=" directive, if any.
	Syntax string
	// Escape is the escape character ('\\' or '`').
	Escape rune
	// HadolintTrusted are the trustedRegistries of a .hadolint.yaml found
	// beside or above the Dockerfile.
	HadolintTrusted []string
	// StartScripts are scripts of the build context that the built image's
	// ENTRYPOINT or CMD runs, when they could be read.
	StartScripts []StartScript
	// ContextSecrets are credential files of the build context (taken to be
	// the Dockerfile's directory) that .dockerignore does not exclude and
	// and that a COPY or ADD of a directory takes in.
	ContextSecrets []ContextFile
	// FromHistory is true for the instructions recovered from a built
	// image's history (model.Image): one stage, each instruction on the
	// "line" of its history step. Only the rules on how RUN, ADD and COPY
	// build read it.
	FromHistory bool
}

// ContextFile is a file of the build context.
type ContextFile struct {
	// Path is the file's slash-separated path relative to the context.
	Path string
	// Ignore names the ignore file that was read (".dockerignore",
	// "Dockerfile.prod.dockerignore"), or "" when there is none.
	Ignore string
}

// StartScript is a script of the build context that ENTRYPOINT or CMD runs.
type StartScript struct {
	// Cmd is the ENTRYPOINT or CMD that runs it.
	Cmd *Instruction
	// Path is the script's path in the build context.
	Path string
	// Script is the parsed script; call lines are lines of the script file.
	Script *shell.Script
}

// Stage is one build stage: a FROM and the instructions up to the next.
type Stage struct {
	// Index is the stage's position, from 0.
	Index int
	// Name is the "AS name", lower-cased, or "".
	Name string
	// From is the FROM instruction.
	From *Instruction
	// Base is the base image as written with build arguments expanded:
	// Known, or Unknown with Partial holding "\x00" for what is not known.
	Base Str
	// BaseStage is the earlier stage FROM names, if it names one.
	BaseStage *Stage
	// LocalImage names what builds the base image in the scan when FROM
	// names an image a Compose service builds and tags (build: with
	// image: NAME), such as `service "web" of compose.yaml`: that image is
	// made on the machine, not pulled from a registry.
	LocalImage string
	// Scratch is true for FROM scratch.
	Scratch bool
	// Windows is true when the stage builds a Windows image (a Windows base
	// image, or a backtick escape): RUN is not a POSIX shell.
	Windows bool
	// Instructions after FROM, in order (ONBUILD triggers included, marked).
	Instructions []*Instruction
	// History is true for the one stage recovered from an image history.
	History bool
}

// Label names the stage in messages: `stage "builder"` or `stage 2`.
func (s *Stage) Label() string {
	if s.History {
		return "the image history"
	}
	// As fmt's "stage %q" and "stage %d" write them (strconv is what %q
	// and %d use), without fmt's work on each of the many messages that
	// name a stage; the first stages' labels are not made anew.
	if s.Name != "" {
		return "stage " + strconv.Quote(s.Name)
	}
	if s.Index >= 0 && s.Index < len(indexLabels) {
		return indexLabels[s.Index]
	}
	return "stage " + strconv.Itoa(s.Index)
}

// indexLabels are the labels of the first unnamed stages.
var indexLabels = [...]string{"stage 0", "stage 1", "stage 2", "stage 3", "stage 4", "stage 5", "stage 6", "stage 7"}

// Cmds returns the stage's instructions with the given keyword (lower case),
// leaving out ONBUILD triggers.
func (s *Stage) Cmds(cmd string) []*Instruction {
	n := 0 // sized once: a stage has several RUNs
	for _, in := range s.Instructions {
		if in.Cmd == cmd && !in.OnBuild {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]*Instruction, 0, n)
	for _, in := range s.Instructions {
		if in.Cmd == cmd && !in.OnBuild {
			out = append(out, in)
		}
	}
	return out
}

// Last returns the stage's last instruction with the given keyword (lower
// case), ONBUILD triggers left out: the last of Cmds, without listing
// them; nil when there is none.
func (s *Stage) Last(cmd string) *Instruction {
	for i := len(s.Instructions) - 1; i >= 0; i-- {
		if in := s.Instructions[i]; in.Cmd == cmd && !in.OnBuild {
			return in
		}
	}
	return nil
}

// User returns the USER in effect at the end of the stage: the stage's last
// USER, else the one inherited from the stage it is built FROM; nil when no
// USER is written in the chain (the base image's user applies).
func (s *Stage) User() *Instruction {
	for st, depth := s, 0; st != nil && depth < maxChain; st, depth = st.BaseStage, depth+1 {
		if u := st.Last("user"); u != nil {
			return u
		}
	}
	return nil
}

// maxChain bounds the stages followed through FROM (BuildKit refuses a
// cycle, but the model must not loop on one).
const maxChain = 64

// Chain returns the stage and the stages it is built FROM, nearest first.
func (s *Stage) Chain() []*Stage {
	var out []*Stage
	for st := s; st != nil && len(out) < maxChain; st = st.BaseStage {
		out = append(out, st)
	}
	return out
}

// InChain reports whether t is in s's Chain, without making the chain.
func (s *Stage) InChain(t *Stage) bool {
	for st, depth := s, 0; st != nil && depth < maxChain; st, depth = st.BaseStage, depth+1 {
		if st == t {
			return true
		}
	}
	return false
}

// Instruction is one Dockerfile instruction. It is a Resource so that
// findings point at it and suppression comments above it apply.
type Instruction struct {
	Meta
	// Cmd is the keyword in lower case ("run", "copy").
	Cmd string
	// Stage is the stage the instruction belongs to (nil for meta ARGs).
	Stage *Stage
	// EndLine is the last line of the instruction (heredocs included).
	EndLine int
	// Flags are the --flags as written ("--from=builder", "--mount=type=secret,id=npm").
	Flags []string
	// Args are the arguments: the words of exec (JSON) form, the parsed
	// arguments of other instructions, or the single command string of
	// shell form RUN, CMD and ENTRYPOINT.
	Args []string
	// JSON is true for exec form (["a", "b"]).
	JSON bool
	// OnBuild is true for an ONBUILD trigger (Cmd is the triggered instruction).
	OnBuild bool
	// Pairs are the KEY=VALUE pairs of ENV, ARG and LABEL, with build
	// arguments and earlier ENV/ARG values expanded in Value.
	Pairs []KeyValue
	// Script is the parsed shell of RUN, CMD and ENTRYPOINT, with every call's
	// Line a line of the Dockerfile; nil when it is not a POSIX shell script
	// or could not be parsed.
	Script *shell.Script
	// Mounts are the RUN --mount options.
	Mounts []Mount
	// CopyFrom is the --from of COPY and ADD.
	CopyFrom string
	// Heredocs are inline files of RUN, COPY and ADD.
	Heredocs []Heredoc
	// value is the expanded single argument of USER, WORKDIR and FROM (see
	// Value); held apart, as most instructions have none.
	value *Str
}

// Value returns the expanded single argument of USER, WORKDIR and FROM: the
// zero Str (Absent) for other instructions.
func (in *Instruction) Value() Str {
	if in.value == nil {
		return Str{}
	}
	return *in.value
}

// SetValue sets what Value returns (the instruction keeps v, not a copy).
func (in *Instruction) SetValue(v *Str) { in.value = v }

// Sources returns the sources of COPY and ADD (every argument but the
// last); nil for other instructions.
func (in *Instruction) Sources() []string {
	if (in.Cmd != "copy" && in.Cmd != "add") || len(in.Args) == 0 {
		return nil
	}
	return in.Args[: len(in.Args)-1 : len(in.Args)-1]
}

// Dest returns the destination of COPY and ADD (the last argument); "" for
// other instructions.
func (in *Instruction) Dest() string {
	if (in.Cmd != "copy" && in.Cmd != "add") || len(in.Args) == 0 {
		return ""
	}
	return in.Args[len(in.Args)-1]
}

// Flag returns the value of --name (true for a bare --name), and whether it is set.
func (in *Instruction) Flag(name string) (string, bool) {
	for _, f := range in.Flags {
		f = strings.TrimPrefix(f, "--")
		k, v, hasV := strings.Cut(f, "=")
		if strings.EqualFold(k, name) {
			if !hasV {
				return "true", true
			}
			return v, true
		}
	}
	return "", false
}

// KeyValue is one KEY=VALUE pair of ENV, ARG or LABEL.
type KeyValue struct {
	Key string
	// Value is the value with variables expanded; Unknown when it uses a
	// build argument without a known value (Partial shows the known parts).
	Value Str
	// Raw is the value as written.
	Raw string
	// HasValue is false for "ARG NAME" without a default.
	HasValue bool
}

// Mount is one RUN --mount option.
type Mount struct {
	Type   string
	ID     string
	Target string
	From   string
	Source string
}

// Heredoc is an inline file of RUN, COPY or ADD.
type Heredoc struct {
	Name    string
	Content string
	// Line is the first line of the content.
	Line int
}
