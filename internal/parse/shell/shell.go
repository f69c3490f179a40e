// Package shell parses POSIX/bash scripts (RUN instructions, container
// commands) with mvdan.cc/sh and lists the simple commands they run, across
// &&, ;, ||, pipes, subshells, if/for/while bodies, command substitutions and
// the scripts handed to "sh -c" / "bash -c".
package shell

import (
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// Unknown marks a word, or part of one, whose value is not literal
// (a variable, a command substitution).
const Unknown = "\x00"

// Call is one simple command.
type Call struct {
	// Args are the words; parts that are not literal are Unknown.
	Args []string
	// Line is the 1-based line within the script.
	Line int
	// PipeTo is the command this one's output is piped into, if any.
	PipeTo *Call
	// Piped is true when this command's input comes from a pipe.
	Piped bool
	// Substituted is true for a command inside $(...) or backticks.
	Substituted bool
	// Pipefail is true when "set -o pipefail" is in effect before the call.
	Pipefail bool
	// Nested is the depth of "sh -c" scripts this call is inside.
	Nested int
	// Offset is the byte offset of the call in the top-level script; calls
	// of a nested script have the offset of the shell call that runs it.
	Offset int
	// ArgLines are the lines of the words of Args, numbered like Line (a
	// word of an "sh -c" script has the line of that shell call).
	ArgLines []int
	// ArgOffsets are the byte offsets of the words in the top-level script,
	// like Offset (for an "sh -c" script, the offset of that shell call).
	ArgOffsets []int
	// words are the parsed words of Args, for Source.
	words []*syntax.Word
	// name is Name, computed once where the parser makes the call.
	name string
}

// Source returns argument i as written ("$CONF_DIR", "${HOME}/.cache"),
// without its quotes, for messages that name a word whose value is not
// known; parts of an "sh -c" script that were not known show as "$…".
// It returns Args[i] when the word was not parsed from source.
func (c *Call) Source(i int) string {
	if i < 0 || i >= len(c.Args) {
		return ""
	}
	if i >= len(c.words) || c.words[i] == nil {
		return c.Args[i]
	}
	var b strings.Builder
	for _, part := range c.words[i].Parts {
		switch x := part.(type) {
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				printPart(&b, q)
			}
		default:
			printPart(&b, part)
		}
	}
	return strings.ReplaceAll(b.String(), unknownWord, "$…")
}

// printPart writes one part of a word as it is written in the script.
func printPart(b *strings.Builder, part syntax.WordPart) {
	if l, ok := part.(*syntax.Lit); ok {
		b.WriteString(l.Value)
		return
	}
	var sb strings.Builder
	if err := syntax.NewPrinter().Print(&sb, part); err != nil {
		b.WriteString("$…")
		return
	}
	b.WriteString(sb.String())
}

// Name is the command name without its directory ("/usr/bin/apt-get" -> "apt-get").
func (c *Call) Name() string {
	if c.name != "" {
		return c.name // rules ask for it many times per call
	}
	return baseName(c.Args)
}

// baseName is the command name of args without its directory.
func baseName(args []string) string {
	if len(args) == 0 {
		return ""
	}
	n := args[0]
	if i := strings.LastIndexByte(n, '/'); i >= 0 {
		n = n[i+1:]
	}
	return n
}

// Assign is a variable assignment: "NAME=value" alone or before a
// command, or declared with export, declare, typeset, local or readonly.
type Assign struct {
	// Name is the variable; Value its value, with Unknown for parts that
	// are not literal. HasValue is false for "export NAME".
	Name     string
	Value    string
	HasValue bool
	// Export is true when the declaration exports the variable (export,
	// declare -x): the commands run after it see it in their environment.
	Export bool
	// Prefix is the command an assignment written before it applies to
	// (FOO=1 cmd), nil for one that stands alone.
	Prefix *Call
	// Line is the 1-based line within the script, Offset the byte offset
	// like Call.Offset.
	Line, Offset int
	// Seq is the number of calls listed before the assignment: the calls
	// Script.Calls[Seq:] come after it.
	Seq int
	// Nested is the depth of "sh -c" scripts the assignment is inside.
	Nested int
}

// Script is a parsed script.
type Script struct {
	Calls []*Call
	// Assigns are the variable assignments and declarations, in order.
	Assigns []*Assign
	// HasPipe is true when a pipeline appears anywhere.
	HasPipe bool
}

// unknownWord stands for an unknown part of a nested script while it is parsed.
const unknownWord = "__shipshape_unknown__"

// maxNesting bounds how deep "sh -c" scripts are followed.
const maxNesting = 4

// Parse parses a script with bash syntax.
func Parse(src string) (*Script, error) {
	s := &Script{}
	return s, s.parse(src, 0, 0, false, -1)
}

// Argv interprets an exec-form command (["sh", "-c", "..."] or
// ["apt-get", "install", "x"]) as calls.
func Argv(argv []string) (*Script, error) {
	s := &Script{}
	if len(argv) == 0 {
		return s, nil
	}
	if script, pipefail, ok := shellScript(argv); ok {
		return s, s.parse(script, 0, 1, pipefail, 0)
	}
	s.Calls = append(s.Calls, &Call{Args: argv, Line: 1, name: baseName(argv)})
	return s, nil
}

// IsShell reports whether a command name is a POSIX-style shell.
func IsShell(name string) bool {
	switch name {
	case "sh", "bash", "ash", "dash", "zsh", "ksh":
		return true
	}
	return false
}

// shellScript returns the script of "sh -c SCRIPT" and its variants
// ("bash -euo pipefail -c SCRIPT"), and whether the options set pipefail.
func shellScript(args []string) (script string, pipefail, ok bool) {
	if len(args) < 3 {
		return "", false, false
	}
	name := args[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if !IsShell(name) {
		return "", false, false
	}
	for i := 1; i < len(args)-1; i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "+") {
			return "", false, false
		}
		if strings.HasPrefix(a, "--") {
			continue
		}
		if strings.Contains(a, "o") && args[i+1] == "pipefail" {
			pipefail = pipefail || a[0] == '-'
			if strings.Contains(a, "c") && i+2 < len(args) {
				return args[i+2], pipefail, true
			}
			i++
			continue
		}
		if strings.Contains(a, "c") {
			return args[i+1], pipefail, true
		}
	}
	return "", false, false
}

// ShellOptions reports, for a shell argv such as a Dockerfile SHELL
// (["/bin/bash", "-o", "pipefail", "-c"]), whether it is a POSIX shell that
// runs its script argument and whether it sets pipefail.
func ShellOptions(argv []string) (posix, pipefail bool) {
	_, pipefail, ok := shellScript(append(append([]string{}, argv...), "true"))
	return ok, pipefail
}

// parse adds the calls of src; offset is the offset given to every call, or
// -1 for the calls' own offsets in src (the top-level script).
// parsers reuses shell parsers, which are costly to allocate and hold no
// state between Parse calls.
var parsers = sync.Pool{New: func() any {
	return syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash))
}}

func (s *Script) parse(src string, lineOffset, nested int, pipefail bool, offset int) error {
	parser := parsers.Get().(*syntax.Parser)
	f, err := parser.Parse(strings.NewReader(src), "")
	parsers.Put(parser)
	if err != nil {
		return err
	}
	w := walker{s: s, lineOffset: lineOffset, nested: nested, pipefail: pipefail, offset: offset}
	for _, st := range f.Stmts {
		w.stmt(st)
	}
	return nil
}

type walker struct {
	s          *Script
	lineOffset int
	nested     int
	pipefail   bool
	subst      bool
	offset     int
}

func (w *walker) stmt(st *syntax.Stmt) {
	w.stmtFirst(st)
}

// cmd walks a command and returns the first simple call of it, for pipes.
func (w *walker) cmd(c syntax.Command) *Call {
	switch x := c.(type) {
	case *syntax.CallExpr:
		return w.call(x)
	case *syntax.BinaryCmd:
		if x.Op == syntax.Pipe || x.Op == syntax.PipeAll {
			w.s.HasPipe = true
			left := w.lastCall(x.X)
			right := w.stmtFirst(x.Y)
			if left != nil && right != nil {
				left.PipeTo = right
				right.Piped = true
			}
			return left
		}
		first := w.stmtFirst(x.X)
		w.stmt(x.Y)
		return first
	case *syntax.Subshell:
		return w.stmts(x.Stmts)
	case *syntax.Block:
		return w.stmts(x.Stmts)
	case *syntax.IfClause:
		first := w.stmts(x.Cond)
		w.stmts(x.Then)
		if x.Else != nil {
			w.cmd(x.Else)
		}
		return first
	case *syntax.WhileClause:
		first := w.stmts(x.Cond)
		w.stmts(x.Do)
		return first
	case *syntax.ForClause:
		return w.stmts(x.Do)
	case *syntax.CaseClause:
		var first *Call
		for _, item := range x.Items {
			if c := w.stmts(item.Stmts); first == nil {
				first = c
			}
		}
		return first
	case *syntax.FuncDecl:
		w.stmt(x.Body)
	case *syntax.TimeClause:
		w.stmt(x.Stmt)
	case *syntax.CoprocClause:
		w.stmt(x.Stmt)
	case *syntax.DeclClause:
		w.decl(x)
	}
	return nil
}

func (w *walker) stmts(sts []*syntax.Stmt) *Call {
	var first *Call
	for _, st := range sts {
		if c := w.stmtFirst(st); first == nil {
			first = c
		}
	}
	return first
}

func (w *walker) stmtFirst(st *syntax.Stmt) *Call {
	if st == nil {
		return nil
	}
	c := w.cmd(st.Cmd)
	if c != nil && IsShell(c.Name()) && w.nested < maxNesting {
		// "bash <<EOF ... EOF": the shell runs the heredoc.
		if _, _, isC := shellScript(c.Args); !isC {
			for _, r := range st.Redirs {
				if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil && (r.N == nil || r.N.Value == "0") {
					if body, ok := hdocText(r.Hdoc); ok {
						_ = w.s.parse(body, int(r.Hdoc.Pos().Line())-1+w.lineOffset, w.nested+1, w.pipefail, c.Offset)
					}
				}
			}
		}
	}
	return c
}

// hdocText returns the literal body of a heredoc; ok is false when it holds
// expansions.
func hdocText(word *syntax.Word) (string, bool) {
	t := literal(word)
	return t, !strings.Contains(t, Unknown)
}

// lastCall walks st and returns the last simple call in it, the one whose
// output a following pipe reads.
func (w *walker) lastCall(st *syntax.Stmt) *Call {
	before := len(w.s.Calls)
	w.stmt(st)
	for i := len(w.s.Calls) - 1; i >= before; i-- {
		c := w.s.Calls[i]
		if !c.Substituted && c.Nested == w.nested {
			return c
		}
	}
	return nil
}

func (w *walker) call(x *syntax.CallExpr) *Call {
	for _, a := range x.Assigns {
		if a.Value != nil {
			w.substitutions(a.Value)
		}
	}
	if len(x.Args) == 0 {
		for _, a := range x.Assigns {
			w.assign(a, false, nil)
		}
		return nil
	}
	// The line of the command word, not of assignments before it
	// ("LD_LIBRARY_PATH=... \<newline> find ..." is find's line).
	c := &Call{Line: int(x.Args[0].Pos().Line()) + w.lineOffset, Substituted: w.subst, Pipefail: w.pipefail, Nested: w.nested, Offset: w.offset}
	if w.offset < 0 {
		c.Offset = int(x.Args[0].Pos().Offset())
	}
	c.Args = make([]string, 0, len(x.Args))
	c.ArgLines = make([]int, 0, len(x.Args))
	c.ArgOffsets = make([]int, 0, len(x.Args))
	for _, word := range x.Args {
		c.Args = append(c.Args, strings.ReplaceAll(literal(word), unknownWord, Unknown))
		if w.offset < 0 {
			c.ArgLines = append(c.ArgLines, int(word.Pos().Line())+w.lineOffset)
			c.ArgOffsets = append(c.ArgOffsets, int(word.Pos().Offset()))
		} else {
			c.ArgLines = append(c.ArgLines, c.Line)
			c.ArgOffsets = append(c.ArgOffsets, c.Offset)
		}
	}
	c.words = x.Args
	c.name = baseName(c.Args)
	for _, a := range x.Assigns {
		w.assign(a, false, c)
	}
	w.s.Calls = append(w.s.Calls, c)
	if c.Name() == "set" {
		for i, a := range c.Args {
			if a == "-o" && i+1 < len(c.Args) && c.Args[i+1] == "pipefail" {
				w.pipefail = true
			}
			if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "o") && i+1 < len(c.Args) && c.Args[i+1] == "pipefail" {
				w.pipefail = true
			}
		}
	}
	before := len(w.s.Calls)
	for _, word := range x.Args {
		w.substitutions(word)
	}
	if IsShell(c.Name()) {
		// bash -c "$(curl ...)" and bash <(curl ...): the shell runs what
		// the substitution prints, as if it were piped in.
		for _, inner := range w.s.Calls[before:] {
			if inner.Substituted && inner.PipeTo == nil {
				inner.PipeTo = c
			}
		}
	}
	script, pipefail, isShellC := shellScript(c.Args)
	if isShellC && w.nested < maxNesting && strings.Trim(script, Unknown+" \t\n") != "" {
		// Unknown parts ("$VERSION" inside the string) are parsed as a
		// placeholder word and turned back into Unknown in the calls.
		// Errors in nested scripts are ignored: the outer command is still listed.
		_ = w.s.parse(strings.ReplaceAll(script, Unknown, unknownWord), c.Line-1, w.nested+1, w.pipefail || pipefail, c.Offset)
	}
	return c
}

// decl records the variables of export, declare, typeset, local and
// readonly; export and declare -x export them.
func (w *walker) decl(x *syntax.DeclClause) {
	export := x.Variant != nil && x.Variant.Value == "export"
	for _, a := range x.Args {
		if a.Naked && a.Name == nil && a.Value != nil {
			// an option: declare -x, export -n
			if opt := literal(a.Value); strings.HasPrefix(opt, "-") && strings.Contains(opt, "x") {
				export = true
			} else if strings.HasPrefix(opt, "-") && strings.Contains(opt, "n") {
				export = false
			}
			continue
		}
		if a.Value != nil {
			w.substitutions(a.Value)
		}
		w.assign(a, export, nil)
	}
}

// assign records one assignment; prefix is the command it is written
// before, if any.
func (w *walker) assign(a *syntax.Assign, export bool, prefix *Call) {
	if a.Name == nil || a.Index != nil || a.Array != nil {
		return
	}
	as := &Assign{Name: a.Name.Value, Export: export, Prefix: prefix, Seq: len(w.s.Calls), Nested: w.nested,
		Line: int(a.Pos().Line()) + w.lineOffset, Offset: w.offset}
	if w.offset < 0 {
		as.Offset = int(a.Pos().Offset())
	}
	if !a.Naked {
		as.HasValue = true
		if a.Value != nil {
			as.Value = strings.ReplaceAll(literal(a.Value), unknownWord, Unknown)
		}
		if a.Append {
			as.Value = Unknown + as.Value
		}
	}
	w.s.Assigns = append(w.s.Assigns, as)
}

// EnvOf returns the value of the environment variable name as the call
// c sees it: set before it on its command line (NAME=v cmd), or exported
// earlier in the script (export NAME=v; NAME=v; export NAME). Set is
// false when the script does not put it in the call's environment; the
// value holds Unknown for parts that are not literal.
func (s *Script) EnvOf(c *Call, name string) (value string, set bool) {
	idx := -1
	for i, x := range s.Calls {
		if x == c {
			idx = i
			break
		}
	}
	if idx < 0 {
		return "", false
	}
	exported := false
	var val string
	hasVal := false
	for _, a := range s.Assigns {
		if a.Name != name || a.Seq > idx || a.Nested > c.Nested {
			continue
		}
		if a.Prefix != nil {
			if a.Prefix == c {
				return a.Value, true
			}
			continue
		}
		if a.HasValue {
			val, hasVal = a.Value, true
		}
		exported = exported || a.Export
	}
	if !exported || !hasVal {
		return "", false
	}
	return val, true
}

// VarOf returns the value a shell variable has when the call c runs, as
// set by an assignment or declaration earlier in the script (exported or
// not: the shell expands it either way), and whether one sets it.
func (s *Script) VarOf(c *Call, name string) (string, bool) {
	idx := -1
	for i, x := range s.Calls {
		if x == c {
			idx = i
			break
		}
	}
	val, set := "", false
	for _, a := range s.Assigns {
		if a.Name == name && a.Prefix == nil && a.HasValue && a.Seq <= idx && a.Nested <= c.Nested {
			val, set = a.Value, true
		}
	}
	return val, set
}

// Expand returns argument i with the variables in it ($NAME, ${NAME},
// ${NAME:-default}) replaced by what lookup gives; what is not known
// stays Unknown. It returns Args[i] when the word was not parsed from
// source.
func (c *Call) Expand(i int, lookup func(name string) (string, bool)) string {
	return strings.Join(c.expand(i, lookup, false), "")
}

// ExpandFields is Expand with the fields the shell splits the word into:
// a variable expanded outside double quotes ($PKGS holding "curl git")
// gives a field per blank-separated part.
func (c *Call) ExpandFields(i int, lookup func(name string) (string, bool)) []string {
	var out []string
	for _, f := range c.expand(i, lookup, true) {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (c *Call) expand(i int, lookup func(name string) (string, bool), split bool) []string {
	if i < 0 || i >= len(c.Args) {
		return nil
	}
	if i >= len(c.words) || c.words[i] == nil || !strings.Contains(c.Args[i], Unknown) {
		return []string{c.Args[i]}
	}
	fields := []string{""}
	add := func(s string) { fields[len(fields)-1] += s }
	var part func(p syntax.WordPart, quoted bool)
	part = func(p syntax.WordPart, quoted bool) {
		switch x := p.(type) {
		case *syntax.Lit:
			add(strings.ReplaceAll(x.Value, unknownWord, Unknown))
		case *syntax.SglQuoted:
			add(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				part(q, true)
			}
		case *syntax.ParamExp:
			v := expandParam(x, lookup)
			if quoted || !split || v == Unknown {
				add(v)
				return
			}
			f := strings.Fields(v)
			if len(f) == 0 {
				return
			}
			if v[0] == ' ' || v[0] == '\t' || v[0] == '\n' {
				fields = append(fields, "")
			}
			add(f[0])
			fields = append(fields, f[1:]...)
			if last := v[len(v)-1]; last == ' ' || last == '\t' || last == '\n' {
				fields = append(fields, "")
			}
		default:
			add(Unknown)
		}
	}
	for _, p := range c.words[i].Parts {
		part(p, false)
	}
	return fields
}

// expandParam expands $NAME, ${NAME} and ${NAME:-default} / ${NAME-default}
// with a literal default; anything else is Unknown.
func expandParam(x *syntax.ParamExp, lookup func(string) (string, bool)) string {
	if x.Param == nil || x.Excl || x.Length || x.Width || x.Index != nil || x.Slice != nil || x.Repl != nil || x.Names != 0 {
		return Unknown
	}
	v, ok := lookup(x.Param.Value)
	if x.Exp == nil {
		if !ok {
			return Unknown
		}
		return v
	}
	if x.Exp.Op != syntax.DefaultUnsetOrNull && x.Exp.Op != syntax.DefaultUnset {
		return Unknown
	}
	switch {
	case !ok:
		return Unknown
	case v != "" || x.Exp.Op == syntax.DefaultUnset:
		return v
	case x.Exp.Word == nil:
		return ""
	}
	return strings.ReplaceAll(literal(x.Exp.Word), unknownWord, Unknown)
}

// substitutions walks the command substitutions inside a word.
func (w *walker) substitutions(word *syntax.Word) {
	syntax.Walk(word, func(n syntax.Node) bool {
		var stmts []*syntax.Stmt
		switch x := n.(type) {
		case *syntax.CmdSubst:
			stmts = x.Stmts
		case *syntax.ProcSubst:
			stmts = x.Stmts
		default:
			return true
		}
		saved := w.subst
		w.subst = true
		w.stmts(stmts)
		w.subst = saved
		return false
	})
}

// literal returns the text of a word, with Unknown for non-literal parts.
func literal(word *syntax.Word) string {
	var b strings.Builder
	for _, p := range word.Parts {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					b.WriteString(l.Value)
				} else {
					b.WriteString(Unknown)
				}
			}
		default:
			b.WriteString(Unknown)
		}
	}
	return b.String()
}
