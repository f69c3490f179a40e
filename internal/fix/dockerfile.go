package fix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/shipshape/shipshape/internal/parse/shell"
)

// Dockerfile is a Dockerfile opened for editing: BuildKit's parse tree,
// whose instructions know their lines, over the text.
type Dockerfile struct {
	// Nodes are the instructions in order.
	Nodes []*parser.Node
	src   []byte
	lines []int
	// backtick is set by an "# escape=`" directive.
	backtick bool
	nl       string
}

// ParseDockerfile parses a Dockerfile for editing.
func ParseDockerfile(data []byte) (*Dockerfile, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	d := &Dockerfile{Nodes: res.AST.Children, src: data, lines: []int{0}, backtick: res.EscapeToken == '`', nl: "\n"}
	for i, c := range data {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
			if i > 0 && data[i-1] == '\r' {
				d.nl = "\r\n"
			}
		}
	}
	return d, nil
}

// Newline is the file's line ending.
func (d *Dockerfile) Newline() string { return d.nl }

// LineStart is the offset of a 1-based line's first byte.
func (d *Dockerfile) LineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(d.lines) {
		return len(d.src)
	}
	return d.lines[line-1]
}

// LineEnd is the offset after a 1-based line's newline (the end of the file
// on the last line).
func (d *Dockerfile) LineEnd(line int) int {
	if line >= len(d.lines) {
		return len(d.src)
	}
	return d.lines[line]
}

// lineOf is the 1-based line of an offset.
func (d *Dockerfile) lineOf(off int) int {
	n := 0
	for n < len(d.lines) && d.lines[n] <= off {
		n++
	}
	return n
}

// At returns the instruction whose lines hold line, or nil.
func (d *Dockerfile) At(line int) *parser.Node {
	for _, n := range d.Nodes {
		if n.StartLine <= line && line <= n.EndLine {
			return n
		}
	}
	return nil
}

// Keyword returns the offsets of an instruction's keyword ("RUN", "ADD").
func (d *Dockerfile) Keyword(n *parser.Node) (start, end int) {
	o := d.LineStart(n.StartLine)
	for o < len(d.src) && (d.src[o] == ' ' || d.src[o] == '\t') {
		o++
	}
	e := o
	for e < len(d.src) && (d.src[e] >= 'a' && d.src[e] <= 'z' || d.src[e] >= 'A' && d.src[e] <= 'Z') {
		e++
	}
	return o, e
}

// Run is the shell script of a shell-form RUN, parsed, with the offset in
// the file where it starts.
type Run struct {
	Script *shell.Script
	Text   string
	Start  int
	// End is the offset after the script's last character.
	End int
}

// RunScript parses the script of a shell-form RUN for editing. Exec form,
// heredocs, comment lines inside the instruction and the backtick escape
// are refused: their shell text is not the file's text.
func (d *Dockerfile) RunScript(n *parser.Node) (*Run, error) {
	if !strings.EqualFold(n.Value, "run") {
		return nil, fmt.Errorf("%w: not a RUN instruction", ErrUnsupported)
	}
	if d.backtick {
		return nil, fmt.Errorf("%w: the Dockerfile escapes with a backtick", ErrUnsupported)
	}
	if len(n.Heredocs) > 0 {
		return nil, fmt.Errorf("%w: the RUN has a heredoc", ErrUnsupported)
	}
	if n.Attributes["json"] {
		return nil, fmt.Errorf("%w: the RUN is in exec form", ErrUnsupported)
	}
	for l := n.StartLine + 1; l <= n.EndLine; l++ {
		if t := strings.TrimSpace(string(d.src[d.LineStart(l):d.LineEnd(l)])); strings.HasPrefix(t, "#") || t == "" {
			return nil, fmt.Errorf("%w: the RUN has comment or blank lines inside", ErrUnsupported)
		}
	}
	_, o := d.Keyword(n)
	end := d.LineEnd(n.EndLine)
	for end > o && (d.src[end-1] == '\n' || d.src[end-1] == '\r' || d.src[end-1] == ' ' || d.src[end-1] == '\t') {
		end--
	}
	for {
		for o < end && (d.src[o] == ' ' || d.src[o] == '\t') {
			o++
		}
		if !bytes.HasPrefix(d.src[o:end], []byte("--")) {
			break
		}
		for o < end && d.src[o] != ' ' && d.src[o] != '\t' && d.src[o] != '\n' {
			o++
		}
	}
	// The same length: offsets of the parsed script are offsets in the file.
	text := strings.ReplaceAll(string(d.src[o:end]), "\r\n", " \n")
	s, err := shell.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%w: the RUN's shell does not parse: %v", ErrUnsupported, err)
	}
	return &Run{Script: s, Text: text, Start: o, End: end}, nil
}

// CallLine is the file line of a call of a RUN script.
func (d *Dockerfile) CallLine(r *Run, c *shell.Call) int {
	if c.Offset < 0 {
		return 0
	}
	return d.lineOf(r.Start + c.Offset)
}

// WordEnd is the file offset after word i of a call.
func (r *Run) WordEnd(c *shell.Call, i int) (int, bool) {
	if c.Nested > 0 || i >= len(c.ArgOffsets) || c.ArgOffsets[i] < 0 {
		return 0, false
	}
	o := c.ArgOffsets[i]
	for o < len(r.Text) && !strings.ContainsRune(" \t\n;&|)", rune(r.Text[o])) {
		o++
	}
	return r.Start + o, true
}

// Edit is an Edit of the Dockerfile's text.
func (d *Dockerfile) Edit(start, end int, text string) Edit {
	return Edit{Start: start, End: end, Text: text}
}
