package dockerfile

import (
	"bytes"
	"slices"
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
)

// script parses the command of RUN, CMD or ENTRYPOINT and places every call
// on its Dockerfile line. It returns nil when the command is not run by a
// POSIX shell (Windows stages, a SHELL of PowerShell, a heredoc script with
// another interpreter) or cannot be parsed.
func (b *builder) script(in *model.Instruction, cur *stageState) *shell.Script {
	if len(in.Args) == 0 {
		return nil
	}
	if in.JSON {
		if cur.stage.Windows {
			return nil
		}
		s, err := shell.Argv(in.Args)
		if err != nil {
			return nil
		}
		for _, c := range s.Calls {
			c.Line = in.Pos.Line
			for i := range c.ArgLines {
				c.ArgLines[i] = in.Pos.Line
			}
		}
		return s
	}
	if !cur.posix {
		return nil
	}
	cmd := in.Args[0]
	cmdEnd := in.EndLine
	if len(in.Heredocs) > 0 {
		cmdEnd = in.Heredocs[0].Line - 1
	}
	var src string
	var pl placement // places a call on its line of the Dockerfile, from its line and offset in src
	if in.Cmd == "run" && len(in.Heredocs) == 1 && heredocWord(cmd) {
		content := in.Heredocs[0].Content
		if strings.HasPrefix(content, "#!") {
			first, _, _ := strings.Cut(content, "\n")
			if !shebangShell(first) {
				return nil
			}
		}
		src = content
		pl = placement{kind: placeHeredoc, base: in.Heredocs[0].Line}
	} else {
		src = cmd
		if len(in.Heredocs) > 0 {
			var sb strings.Builder
			sb.WriteString(cmd)
			for _, h := range in.Heredocs {
				sb.WriteString("\n")
				sb.WriteString(h.Content)
				if !strings.HasSuffix(h.Content, "\n") && h.Content != "" {
					sb.WriteString("\n")
				}
				sb.WriteString(h.Name)
			}
			src = sb.String()
		}
		if in.EndLine == in.Pos.Line {
			pl = placement{kind: placeOneLine, base: in.Pos.Line} // one line: everything is on it
		} else {
			pl = b.placer(in, cmd, cmdEnd)
		}
	}
	s, err := shell.Parse(src)
	if err != nil {
		b.res.Warn("shell commands that cannot be parsed (not checked)", in.Pos, strings.ToUpper(in.Cmd)+": cannot parse the shell command ("+err.Error()+"); its commands are not checked")
		return nil
	}
	for _, c := range s.Calls {
		for i := range c.ArgLines {
			c.ArgLines[i] = min(max(pl.place(c.ArgLines[i], c.ArgOffsets[i]), in.Pos.Line), in.EndLine)
		}
		c.Line = min(max(pl.place(c.Line, c.Offset), in.Pos.Line), in.EndLine)
		if cur.pipefail {
			c.Pipefail = true
		}
	}
	for _, a := range s.Assigns {
		a.Line = min(max(pl.place(a.Line, a.Offset), in.Pos.Line), in.EndLine)
	}
	return s
}

// placement places a call of a RUN's command (its line and byte offset in
// the command) on its line of the Dockerfile: a value rather than a
// closure made for each RUN, which remembers where in the line table the
// last call was found (the calls and their words come mostly in order).
type placement struct {
	kind placeKind
	// base is the heredoc's first line (placeHeredoc), the instruction's
	// line (placeOneLine), or the last line of the command (placeJoined).
	base int
	// first is the instruction's first line (placeJoined).
	first int
	// off is where the command starts in the joined lines (-1: not found).
	off int
	at  lineTable
	// hint is the index in at of the last line found.
	hint int
}

type placeKind uint8

const (
	placeOneLine placeKind = iota // everything is on one line
	placeHeredoc                  // the script is a heredoc's content
	placeJoined                   // a command continued over lines
)

func (p *placement) place(line, offset int) int {
	switch p.kind {
	case placeOneLine:
		return p.base
	case placeHeredoc:
		return p.base + line - 1
	}
	if line > 1 {
		return p.base + line - 1
	}
	if p.off >= 0 && offset >= 0 {
		if n, ok := p.at.lineFrom(p.off+offset, &p.hint); ok {
			return n
		}
	}
	return p.first
}

// placer returns the placement of the calls of a RUN's command continued
// over lines: its line table is the builder's buffer, valid until the next
// call.
func (b *builder) placer(in *model.Instruction, cmd string, cmdEnd int) placement {
	text, lineAt := b.join(in.Pos.Line, cmdEnd)
	trimmed := bytes.TrimRight(text, " \t")
	off := -1
	if len(trimmed) >= len(cmd) && string(trimmed[len(trimmed)-len(cmd):]) == cmd {
		off = len(trimmed) - len(cmd)
	}
	return placement{kind: placeJoined, base: cmdEnd, first: in.Pos.Line, off: off, at: lineAt}
}

// heredocWord reports whether a command is just a heredoc marker ("<<EOF",
// "<<-'EOF'"), which makes the heredoc the script.
func heredocWord(cmd string) bool {
	cmd = strings.TrimSpace(cmd)
	return strings.HasPrefix(cmd, "<<") && !strings.ContainsAny(cmd, " \t")
}

// shebangShell reports whether a "#!" line names a POSIX shell.
func shebangShell(line string) bool {
	f := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(f) == 0 {
		return true
	}
	name := f[0]
	if strings.HasSuffix(name, "/env") && len(f) > 1 {
		name = f[1]
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return shell.IsShell(name)
}

// join joins the physical lines start..end (1-based) of an instruction the
// way buildkit does (continuation characters removed, comment lines and
// empty lines inside the instruction dropped) and returns, for every byte
// of the result, the line it came from. Both are the builder's buffers,
// valid until the next call.
func (b *builder) join(start, end int) ([]byte, lineTable) {
	sb := b.joined[:0]
	lineAt := lineTable{starts: b.joinedAt.starts[:0], lines: b.joinedAt.lines[:0]}
	esc := byte('\\')
	if b.escape == '`' {
		esc = '`'
	}
	for n := start; n <= end && n-1 < b.lines.count(); n++ {
		line := b.lines.line(n - 1)
		if n == start {
			line = bytes.TrimLeft(line, " \t")
		} else {
			t := bytes.TrimLeft(line, " \t")
			if len(t) == 0 || t[0] == '#' {
				continue
			}
		}
		t := bytes.TrimRight(line, " \t")
		cont := false
		if len(t) > 0 && t[len(t)-1] == esc && (len(t) == 1 || t[len(t)-2] != esc) {
			line, cont = t[:len(t)-1], true
		}
		lineAt.starts = append(lineAt.starts, len(sb))
		lineAt.lines = append(lineAt.lines, n)
		sb = append(sb, line...)
		if !cont {
			break
		}
	}
	lineAt.size = len(sb)
	b.joined, b.joinedAt = sb, lineAt
	return sb, lineAt
}

// lineTable maps byte offsets of a joined instruction back to the lines of
// the Dockerfile: the joined text of line lines[i] starts at starts[i].
type lineTable struct {
	starts, lines []int
	size          int
}

// line returns the line the byte at off came from.
func (t lineTable) line(off int) (int, bool) {
	if off >= t.size || len(t.starts) == 0 {
		return 0, false
	}
	// the last start at or before off: the one before the first after it
	// (a line that adds nothing starts where the next one does)
	i, _ := slices.BinarySearch(t.starts, off+1)
	if i == 0 {
		return 0, false
	}
	return t.lines[i-1], true
}

// lineFrom is line for offsets asked mostly in increasing order: it goes
// on from the index of the last answer (*hint, which it updates) while the
// offset is at or after that line's start, and searches otherwise.
func (t lineTable) lineFrom(off int, hint *int) (int, bool) {
	i := *hint
	if off >= t.size || i < 0 || i >= len(t.starts) || t.starts[i] > off {
		n, ok := t.line(off)
		if ok {
			*hint, _ = slices.BinarySearch(t.starts, off+1)
			*hint--
		}
		return n, ok
	}
	for i+1 < len(t.starts) && t.starts[i+1] <= off {
		i++
	}
	*hint = i
	return t.lines[i], true
}
