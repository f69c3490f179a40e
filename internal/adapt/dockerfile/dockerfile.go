// Package dockerfile adapts a Dockerfile, parsed with buildkit's parser,
// into a model.DockerfileImage: its stages with their base images (build
// arguments expanded), instructions with positions, and the shell of RUN,
// CMD and ENTRYPOINT parsed with mvdan.cc/sh, every call placed on the
// Dockerfile line it is written on.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/model"
	dfparse "github.com/shipshape/shipshape/internal/parse/dockerfile"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// Options configure the adapter.
type Options struct {
	// BuildArgs override ARG defaults (--build-arg).
	BuildArgs map[string]string
	// Target names the stage that is built (--target); default the last.
	Target string
	// TargetFrom says who named Target, for messages ("--target" when empty).
	TargetFrom string
	// HadolintTrusted are trustedRegistries from a .hadolint.yaml.
	HadolintTrusted []string
	// HadolintIgnored are the rule IDs a .hadolint.yaml ignores.
	HadolintIgnored []string
	// ReadContext reads a file of the build context by its path relative
	// to the context; nil when there is no context to read (stdin).
	ReadContext func(rel string) ([]byte, error)
	// Context is the build context, taken to be the Dockerfile's
	// directory, in which credential files are looked for; nil when there
	// is none (stdin).
	Context fs.FS
	// LocalImage says what builds an image of the scan's Compose projects
	// (see model.Stage.LocalImage), given FROM's reference; "" for an image
	// that is pulled. Nil when no Compose project builds images.
	LocalImage func(ref string) string
}

// Adapt parses a Dockerfile and returns its state. Bad input gives an error
// diagnostic with the line, never a panic.
func Adapt(path string, data []byte, o Options) (res adapt.Result) {
	defer func() {
		if p := recover(); p != nil {
			res = adapt.Result{}
			res.Errorf(model.Pos{File: path, Line: 1}, fmt.Sprintf("cannot parse: internal error (please report): %v", p))
		}
	}()
	jb := joinBuffers.Get().(*joinBuffer)
	lines := splitLinesInto(data, jb.starts)
	res.Comments = comments(path, lines)
	parsed, err := dfparse.Parse(data)
	if err != nil {
		jb.put(lines.starts, jb.text, jb.at)
		res.Errorf(model.Pos{File: path, Line: errorLine(err)}, "cannot parse Dockerfile: "+errorText(err))
		return res
	}
	b := builder{path: path, lines: lines, opts: o, res: &res, escape: parsed.EscapeToken, budget: budget.New()}
	b.joined, b.joinedAt = jb.text, jb.at
	img := b.build(parsed.AST)
	img.Syntax = syntaxDirective(lines)
	jb.put(lines.starts, b.joined, b.joinedAt) // lines and the builder's buffers are not used after
	if b.budget.Exceeded() {
		res.Note(budget.Kind, b.pos(1), b.budget.Notice())
	}
	img.HadolintTrusted = o.HadolintTrusted
	if o.ReadContext != nil {
		img.StartScripts = startScripts(img, o.ReadContext)
	}
	if o.Context != nil {
		img.ContextSecrets = contextSecrets(img, o.Context, filepath.Base(path))
	}
	if ignores := globalIgnores(path, res.Comments, o.HadolintIgnored); len(ignores) > 0 {
		for _, in := range instructions(img) {
			in.Ignores = ignores
		}
	}
	st := model.NewState(path, model.Dockerfile)
	st.Add(img)
	res.States = []*model.State{st}
	return res
}

// joinBuffers keep join's buffers and the line index from one Dockerfile
// to the next, up to maxKeptJoinBuffer bytes of text and maxKeptLines
// lines.
var joinBuffers = sync.Pool{New: func() any { return new(joinBuffer) }}

const (
	maxKeptJoinBuffer = 64 << 10
	maxKeptLines      = 16 << 10
)

type joinBuffer struct {
	text   []byte
	at     lineTable
	starts []int
}

// put gives the buffers back for the next Dockerfile, unless one of them
// grew large (a rare file's buffers are left to the garbage collector).
func (jb *joinBuffer) put(starts []int, text []byte, at lineTable) {
	if cap(text) > maxKeptJoinBuffer || cap(starts) > maxKeptLines {
		return
	}
	jb.starts, jb.text, jb.at = starts[:0], text[:0], at
	joinBuffers.Put(jb)
}

// LooksLikeDockerfile reports whether data starts like a Dockerfile: its
// first instruction, after a byte-order mark, comments and blank lines, is
// FROM or ARG.
func LooksLikeDockerfile(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		word := line
		if i := bytes.IndexAny(line, " \t"); i >= 0 {
			word = line[:i]
		} else {
			return false
		}
		return bytes.EqualFold(word, []byte("FROM")) || bytes.EqualFold(word, []byte("ARG"))
	}
	return false
}

// textLines are the lines of a Dockerfile (a byte-order mark left out),
// indexed without copying the text.
type textLines struct {
	text []byte
	// starts holds the offset of each line in text.
	starts []int
}

func splitLines(data []byte) textLines { return splitLinesInto(data, nil) }

// splitLinesInto is splitLines with the line index kept in buf when it has
// room (its contents are overwritten).
func splitLinesInto(data []byte, buf []int) textLines {
	text := bytes.TrimPrefix(data, []byte("\ufeff"))
	starts := buf[:0]
	if n := bytes.Count(text, []byte("\n")) + 1; cap(starts) < n {
		starts = make([]int, 0, n)
	}
	starts = append(starts, 0)
	for i := 0; ; {
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return textLines{text: text, starts: starts}
}

// count is the number of lines, as strings.Split(text, "\n") counts them.
func (t textLines) count() int { return len(t.starts) }

// line returns line i (0-based) without its line ending.
func (t textLines) line(i int) []byte {
	end := len(t.text)
	if i+1 < len(t.starts) {
		end = t.starts[i+1] - 1
	}
	return bytes.TrimSuffix(t.text[t.starts[i]:end], []byte("\r"))
}

// comments returns the comment lines that may be suppression directives
// (adapt.MayBeDirective): most comments of a Dockerfile are not.
func comments(path string, lines textLines) []adapt.Comment {
	// A comment line holds a "#": the lines are visited from one "#" to the
	// next (found a word at a time), not one by one.
	var found []int // the directive comments' lines, 0-based
	size := 0
	for i, off := 0, 0; off < len(lines.text); {
		j := bytes.IndexByte(lines.text[off:], '#')
		if j < 0 {
			break
		}
		for i+1 < len(lines.starts) && lines.starts[i+1] <= off+j {
			i++ // the line of the "#"
		}
		if t, ok := commentText(lines.line(i)); ok && adapt.MayBeDirectiveBytes(t) {
			found, size = append(found, i), size+len(t)
		}
		if i+1 == len(lines.starts) {
			break
		}
		off = lines.starts[i+1]
	}
	if len(found) == 0 {
		return nil
	}
	// The texts are copied into one string, of which each comment holds
	// its part.
	var text strings.Builder
	text.Grow(size)
	out := make([]adapt.Comment, len(found))
	ends := make([]int, len(found))
	for k, i := range found {
		t, _ := commentText(lines.line(i))
		text.Write(t)
		out[k].Pos, ends[k] = model.Pos{File: path, Line: i + 1}, text.Len()
	}
	all, at := text.String(), 0
	for i := range out {
		out[i].Text, at = all[at:ends[i]], ends[i]
	}
	return out
}

// commentText returns the text of a comment line after its "#", white
// space trimmed, and whether the line is a comment: a line whose first
// character other than white space is "#".
func commentText(line []byte) ([]byte, bool) {
	i := 0
	for i < len(line) && asciiSpace(line[i]) {
		i++
	}
	if i < len(line) && line[i] >= utf8.RuneSelf {
		line, i = bytes.TrimSpace(line), 0 // white space outside ASCII, as TrimSpace sees it
	}
	if i == len(line) || line[i] != '#' {
		return nil, false
	}
	return bytes.TrimSpace(line[i+1:]), true
}

// asciiSpace reports whether c is white space in ASCII (as unicode.IsSpace).
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// globalIgnores are hadolint's file-wide ignores: "# hadolint global
// ignore=DL3008" comments and the ignored list of .hadolint.yaml.
func globalIgnores(path string, comments []adapt.Comment, configured []string) []model.Ignore {
	var out []model.Ignore
	for _, id := range configured {
		out = append(out, model.Ignore{RuleID: id, Source: "hadolint", Reason: "ignored in .hadolint.yaml", Pos: model.Pos{File: path}})
	}
	for _, c := range comments {
		rest, ok := strings.CutPrefix(c.Text, "hadolint global ignore=")
		if !ok {
			continue
		}
		for _, id := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			out = append(out, model.Ignore{RuleID: id, Source: "hadolint", Reason: "hadolint global ignore", Pos: c.Pos})
		}
	}
	return out
}

// instructions lists every instruction of the image, FROM lines included.
func instructions(img *model.DockerfileImage) []*model.Instruction {
	out := append([]*model.Instruction{}, img.MetaArgs...)
	for _, s := range img.Stages {
		out = append(out, s.From)
		out = append(out, s.Instructions...)
	}
	return out
}

// syntaxDirective returns the value of a leading "# syntax=" directive.
func syntaxDirective(lines textLines) string {
	for i := range lines.count() {
		t, comment := commentText(lines.line(i))
		if !comment {
			return ""
		}
		k, v, ok := bytes.Cut(t, []byte("="))
		if !ok {
			return ""
		}
		if strings.EqualFold(string(bytes.TrimSpace(k)), "syntax") {
			return string(bytes.TrimSpace(v))
		}
	}
	return ""
}

func errorLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, locs := range le.Locations {
			for _, r := range locs {
				if r.Start.Line > 0 {
					return r.Start.Line
				}
			}
		}
	}
	return 1
}

func errorText(err error) string {
	var le *parser.LocationError
	if errors.As(err, &le) && le.Unwrap() != nil {
		return le.Unwrap().Error()
	}
	return err.Error()
}

// builder turns the parser's AST into the model.
type builder struct {
	path   string
	lines  textLines
	opts   Options
	res    *adapt.Result
	escape rune
	// meta are the ARGs before the first FROM.
	meta *env
	// named are the stages read so far by name.
	named map[string]*model.Stage
	// budget bounds what ARG and ENV expansion builds.
	budget *budget.Budget
	// joined and joinedAt are join's buffers, reused from one instruction
	// to the next.
	joined   []byte
	joinedAt lineTable
	// labelOf and label are the last stage metaOf named and its label,
	// made once per stage rather than once per instruction.
	labelOf *model.Stage
	label   string
	// slab, words and listed hold what the instructions of a Dockerfile
	// are made of, each allocated once per file rather than once per
	// instruction: the instructions not yet handed out, the argument
	// words not yet handed out, and the instructions of the stages so far,
	// in order (a stage's Instructions are a part of it).
	slab   []model.Instruction
	words  []string
	listed []*model.Instruction
}

// newInstruction returns a zero instruction, from the slab while it lasts.
func (b *builder) newInstruction() *model.Instruction {
	if len(b.slab) == 0 {
		return new(model.Instruction)
	}
	in := &b.slab[0]
	b.slab = b.slab[1:]
	return in
}

// add appends an instruction to the stage, which is the last one begun.
func (b *builder) add(s *model.Stage, in *model.Instruction) {
	if len(s.Instructions) == 0 {
		b.listed = b.listed[len(b.listed):] // the stage's part starts here
	}
	b.listed = append(b.listed, in)
	// Capped, so that appending to one stage's list never writes over the
	// next one's.
	s.Instructions = b.listed[:len(b.listed):len(b.listed)]
}

func (b *builder) pos(line int) model.Pos { return model.Pos{File: b.path, Line: line} }

// stageState is what is in effect while a stage's instructions are read.
type stageState struct {
	stage *model.Stage
	env   *env
	// own is the env of a stage that does not start from another's (made
	// with the stage rather than apart).
	own      env
	posix    bool
	pipefail bool
}

func (b *builder) build(root *parser.Node) *model.DockerfileImage {
	img := &model.DockerfileImage{
		Meta:   model.Meta{ID: "Dockerfile", Type: "Dockerfile", Format: model.Dockerfile, Pos: b.pos(1)},
		Escape: b.escape,
	}
	b.meta = newEnv(nil, true)
	b.meta.budget, b.meta.base = b.budget, platformValues
	for k, v := range b.opts.BuildArgs {
		if _, ok := b.meta.lookup(k); ok {
			b.meta.set(k, model.Str{V: v, P: model.Known})
		}
	}
	b.named = map[string]*model.Stage{}
	// One instruction per node, FROM included (an ONBUILD takes a second
	// one from outside the slab).
	b.slab = make([]model.Instruction, len(root.Children))
	b.listed = make([]*model.Instruction, 0, len(root.Children))
	n := 0
	for _, node := range root.Children {
		for w := node.Next; w != nil; w = w.Next {
			n++
		}
	}
	b.words = make([]string, 0, n)
	ends := map[*model.Stage]*stageState{}
	var cur *stageState
	for _, node := range root.Children {
		cmd := lowerKeyword(node.Value)
		if cmd == "from" {
			cur = b.from(img, node, ends)
			ends[cur.stage] = cur
			continue
		}
		in := b.instruction(node, cur, false)
		if cur == nil {
			if cmd == "arg" {
				img.MetaArgs = append(img.MetaArgs, in)
			} else {
				b.res.Errorf(b.pos(node.StartLine), fmt.Sprintf("%s before the first FROM; only ARG may come before FROM", strings.ToUpper(cmd)))
			}
			continue
		}
		b.add(cur.stage, in)
	}
	if len(img.Stages) == 0 {
		b.res.Errorf(b.pos(1), "no FROM instruction: not a buildable Dockerfile")
		return img
	}
	img.Target = img.Stages[len(img.Stages)-1]
	if t := strings.ToLower(b.opts.Target); t != "" {
		found := false
		for _, s := range img.Stages {
			if s.Name == t {
				img.Target, found = s, true
			}
		}
		if !found {
			from := b.opts.TargetFrom
			if from == "" {
				from = "--target"
			}
			b.res.Notef(b.pos(1), fmt.Sprintf("%s %q names no stage of this Dockerfile; judging the last stage", from, b.opts.Target))
		}
	}
	return img
}

// platformArgs are the build arguments BuildKit predefines; their values
// depend on the machine that builds.
var platformArgs = []string{
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
}

// platformValues are the platform ARGs as global ARGs: unknown.
var platformValues = func() map[string]value {
	m := map[string]value{}
	for _, a := range platformArgs {
		m[a] = value{p: model.Unknown, partial: shell.Unknown}
	}
	return m
}()

// from starts a stage.
func (b *builder) from(img *model.DockerfileImage, node *parser.Node, ends map[*model.Stage]*stageState) *stageState {
	args := b.nodeArgs(node)
	s := &model.Stage{Index: len(img.Stages)}
	if len(args) >= 3 && strings.EqualFold(args[1], "as") {
		s.Name = strings.ToLower(args[2])
	}
	in := b.newInstruction()
	*in = model.Instruction{
		Meta: b.metaOf(s, node), Cmd: "from", Stage: s, EndLine: node.EndLine, Flags: node.Flags, Args: args,
	}
	s.From = in
	if n := len(args); n == 2 || n > 3 || (n == 3 && !strings.EqualFold(args[1], "as")) {
		// BuildKit rejects it; the stage is still read as far as it can be.
		b.res.Warnf(b.pos(node.StartLine), "FROM takes an image and an optional AS name (FROM image [AS name]); the build fails on this line")
	}
	st := &stageState{stage: s, posix: true}
	st.own = env{budget: b.budget}
	st.env = &st.own
	if len(args) == 0 {
		b.res.Errorf(b.pos(node.StartLine), "FROM without an image")
	} else {
		s.Base = b.meta.expand(args[0], b.escape)
		s.Base.Pos = b.pos(node.StartLine)
		in.SetValue(&s.Base) // the stage's, not a copy
		if s.Base.Known() {
			name := strings.ToLower(s.Base.V)
			s.Scratch = name == "scratch"
			s.BaseStage = b.named[name]
			if s.BaseStage == nil && !s.Scratch && b.opts.LocalImage != nil {
				s.LocalImage = b.opts.LocalImage(s.Base.V)
			}
		}
	}
	if s.BaseStage != nil {
		if prev := ends[s.BaseStage]; prev != nil {
			st.env = prev.env.clone()
			st.posix, st.pipefail = prev.posix, prev.pipefail
		}
		s.Windows = s.BaseStage.Windows
	} else {
		s.Windows = windowsImage(s.Base) || b.escape == '`'
	}
	if s.Windows {
		st.posix = false
	}
	img.Stages = append(img.Stages, s)
	if s.Name != "" {
		b.named[s.Name] = s
	}
	return st
}

// windowsImage reports whether a base image is a Windows image.
func windowsImage(base model.Str) bool {
	text := strings.ToLower(base.V + base.Partial)
	for _, w := range []string{"windows/", "/windows", "servercore", "nanoserver", "windowsservercore"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// metaOf is the resource identity of an instruction: its stage and line.
func (b *builder) metaOf(s *model.Stage, node *parser.Node) model.Meta {
	id := "global ARG"
	if s != nil {
		if s != b.labelOf {
			b.labelOf, b.label = s, s.Label()
		}
		id = b.label
	}
	return model.Meta{ID: id, Type: strings.ToUpper(node.Value), Format: model.Dockerfile, Pos: b.pos(node.StartLine)}
}

// nodeArgs lists the argument words of a node, in the builder's words while
// they last.
func (b *builder) nodeArgs(node *parser.Node) []string {
	n := 0
	for w := node.Next; w != nil; w = w.Next {
		n++
	}
	if n == 0 {
		return nil
	}
	var out []string
	if cap(b.words)-len(b.words) >= n {
		start := len(b.words)
		for w := node.Next; w != nil; w = w.Next {
			b.words = append(b.words, w.Value)
		}
		// capped: appending to one instruction's words never writes over the next one's
		return b.words[start:len(b.words):len(b.words)]
	}
	out = make([]string, 0, n)
	for w := node.Next; w != nil; w = w.Next {
		out = append(out, w.Value)
	}
	return out
}

// lowerKeyword is strings.ToLower of an instruction keyword, without
// making a new string for the keywords Dockerfiles use.
func lowerKeyword(v string) string {
	switch v { // as keywords are usually written
	case "ADD", "add":
		return "add"
	case "ARG", "arg":
		return "arg"
	case "CMD", "cmd":
		return "cmd"
	case "COPY", "copy":
		return "copy"
	case "ENTRYPOINT", "entrypoint":
		return "entrypoint"
	case "ENV", "env":
		return "env"
	case "EXPOSE", "expose":
		return "expose"
	case "FROM", "from":
		return "from"
	case "HEALTHCHECK", "healthcheck":
		return "healthcheck"
	case "LABEL", "label":
		return "label"
	case "MAINTAINER", "maintainer":
		return "maintainer"
	case "ONBUILD", "onbuild":
		return "onbuild"
	case "RUN", "run":
		return "run"
	case "SHELL", "shell":
		return "shell"
	case "STOPSIGNAL", "stopsignal":
		return "stopsignal"
	case "USER", "user":
		return "user"
	case "VOLUME", "volume":
		return "volume"
	case "WORKDIR", "workdir":
		return "workdir"
	}
	return strings.ToLower(v)
}

// instruction reads one instruction other than FROM.
func (b *builder) instruction(node *parser.Node, cur *stageState, onbuild bool) *model.Instruction {
	cmd := lowerKeyword(node.Value)
	var stage *model.Stage
	if cur != nil {
		stage = cur.stage
	}
	in := b.newInstruction()
	*in = model.Instruction{
		Meta: b.metaOf(stage, node), Cmd: cmd, Stage: stage, EndLine: node.EndLine, Flags: node.Flags,
		Args: b.nodeArgs(node), JSON: node.Attributes["json"], OnBuild: onbuild,
	}
	for _, h := range node.Heredocs {
		in.Heredocs = append(in.Heredocs, model.Heredoc{Name: h.Name, Content: h.Content})
	}
	b.placeHeredocs(in)
	switch cmd {
	case "onbuild":
		if node.Next != nil && len(node.Next.Children) > 0 {
			child := node.Next.Children[0]
			child.StartLine, child.EndLine = node.StartLine, node.EndLine
			// A trigger runs in the images built FROM this one: its ENV,
			// ARG and SHELL do not change this stage.
			trig := cur
			if cur != nil {
				c := *cur
				c.env = cur.env.clone()
				trig = &c
			}
			return b.instruction(child, trig, true)
		}
	case "arg":
		if len(in.Args) > 0 {
			in.Pairs = make([]model.KeyValue, 0, len(in.Args))
		}
		for _, a := range in.Args {
			k, v, has := strings.Cut(a, "=")
			kv := model.KeyValue{Key: k, Raw: v, HasValue: has}
			e := b.meta
			if cur != nil {
				e = cur.env
			}
			if bv, ok := b.opts.BuildArgs[k]; ok {
				kv.Value = model.Str{V: bv, P: model.Known}
			} else if has {
				kv.Value = e.expand(v, b.escape)
			} else if cur != nil {
				// ARG NAME in a stage takes the global default, if any.
				if mv, ok := b.meta.lookup(k); ok {
					kv.Value = mv
				} else {
					kv.Value = model.Str{P: model.Unknown, Partial: shell.Unknown}
				}
			} else {
				kv.Value = model.Str{P: model.Unknown, Partial: shell.Unknown}
			}
			kv.Value.Pos = in.Pos
			e.set(k, kv.Value)
			in.Pairs = append(in.Pairs, kv)
		}
	case "env", "label":
		if n := (len(in.Args) + 1) / 3; n > 0 { // KEY, value and "=" for each pair
			in.Pairs = make([]model.KeyValue, 0, n)
		}
		for i := 0; i+1 < len(in.Args); i += 3 {
			k, raw := in.Args[i], in.Args[i+1]
			kv := model.KeyValue{Key: k, Raw: raw, HasValue: true}
			if cur != nil {
				kv.Value = cur.env.expand(raw, b.escape)
				kv.Value.Pos = in.Pos
				if cmd == "env" {
					cur.env.set(k, kv.Value)
				}
			}
			in.Pairs = append(in.Pairs, kv)
		}
	case "user", "workdir":
		if len(in.Args) > 0 && cur != nil {
			v := cur.env.expand(in.Args[0], b.escape)
			v.Pos = in.Pos
			in.SetValue(&v)
		}
	case "copy", "add":
		if v, ok := in.Flag("from"); ok {
			in.CopyFrom = v
		}
	case "shell":
		if cur != nil && len(in.Args) > 0 {
			posix, pipefail := shell.ShellOptions(in.Args)
			cur.posix, cur.pipefail = posix && !cur.stage.Windows, pipefail
		}
	case "run", "cmd", "entrypoint":
		for _, f := range in.Flags {
			if m, ok := strings.CutPrefix(f, "--mount="); ok {
				in.Mounts = append(in.Mounts, parseMount(m))
			}
		}
		if cur != nil {
			in.Script = b.script(in, cur)
		}
	}
	return in
}

// parseMount reads "type=secret,id=npm,target=/root/.npmrc".
func parseMount(s string) model.Mount {
	m := model.Mount{Type: "bind"}
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "type":
			m.Type = strings.ToLower(v)
		case "id":
			m.ID = v
		case "target", "dst", "destination":
			m.Target = v
		case "from":
			m.From = v
		case "source", "src":
			m.Source = v
		}
	}
	return m
}

// placeHeredocs sets the first content line of each heredoc: they follow
// the instruction's own lines, each closed by its terminator line.
func (b *builder) placeHeredocs(in *model.Instruction) {
	if len(in.Heredocs) == 0 {
		return
	}
	total := 0
	for _, h := range in.Heredocs {
		total += strings.Count(h.Content, "\n") + 1
	}
	line := in.EndLine - total + 1
	for i := range in.Heredocs {
		in.Heredocs[i].Line = line
		line += strings.Count(in.Heredocs[i].Content, "\n") + 1
	}
}
