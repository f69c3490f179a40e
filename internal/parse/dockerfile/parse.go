// Package dockerfile parses Dockerfiles with BuildKit's parser, faster.
//
// BuildKit's parser tests every physical line against a regular expression
// for the line-continuation character (the escape token), and rewrites each
// continued line with the same expression: on Dockerfiles made of long
// continued RUN lines, that is most of the parsing time. Parse joins the
// continued lines of each instruction first, exactly as BuildKit would, so
// that BuildKit sees each instruction on one line, then puts the original
// line numbers back into the tree. BuildKit still parses every instruction.
// Whatever the joining does not reproduce exactly (escape directives,
// heredocs, a byte-order mark, empty or comment-only continuations,
// a file ending in a continuation, parse errors and warnings) is parsed by
// BuildKit from the original bytes, so the result is always the one
// parser.Parse gives.
package dockerfile

import (
	"bytes"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Parse parses a Dockerfile; the result is that of BuildKit's parser.Parse
// on the same bytes.
func Parse(data []byte) (*parser.Result, error) {
	if joined, spans, ok := join(data); ok {
		res, err := parser.Parse(bytes.NewReader(joined))
		if err == nil && len(res.Warnings) == 0 && remap(res.AST, spans) {
			return res, nil
		}
	}
	return parser.Parse(bytes.NewReader(data))
}

// span is the range of original lines (1-based) that one joined line holds.
type span struct{ start, end int }

// join returns the Dockerfile with the continued lines of each instruction
// joined into one, and for each line of the result the original lines it
// holds; ok is false when the file needs BuildKit's own line handling.
func join(data []byte) (joined []byte, spans []span, ok bool) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.Contains(data, []byte("<<")) {
		return nil, nil, false // byte-order mark; heredocs (their bodies are raw lines)
	}
	if setsEscape(data) {
		return nil, nil, false // another escape token, or an invalid one
	}
	out := make([]byte, 0, len(data))
	var cur []byte // the instruction being joined
	start, n := 0, 0
	in := false
	for rest := data; len(rest) > 0; {
		var raw []byte
		raw, rest = nextLine(rest)
		n++
		line := bytes.TrimRight(raw, "\r\n")
		if !in {
			first := bytes.TrimLeftFunc(line, unicode.IsSpace)
			stripped, continued := continuation(first)
			if len(first) == 0 || first[0] == '#' || !continued {
				// Blank lines, comments (parser directives among them)
				// and one-line instructions: as they are.
				out = append(append(out, line...), '\n')
				spans = append(spans, span{n, n})
				continue
			}
			if len(stripped) == 0 {
				return nil, nil, false // BuildKit keeps the next line's indentation
			}
			cur, start, in = append(cur[:0], stripped...), n, true
			continue
		}
		trimmed := bytes.TrimLeftFunc(line, unicode.IsSpace)
		if len(trimmed) > 0 && trimmed[0] == '#' {
			continue // a comment line inside an instruction is dropped
		}
		if len(trimmed) == 0 {
			return nil, nil, false // an empty continuation line: BuildKit warns
		}
		stripped, continued := continuation(line)
		cur = append(cur, stripped...)
		if !continued {
			out = append(append(out, cur...), '\n')
			spans = append(spans, span{start, n})
			in = false
		}
	}
	if in {
		return nil, nil, false // the file ends inside an instruction
	}
	return out, spans, true
}

// nextLine splits the first line, with its line ending, off data, as
// BuildKit's scanner does.
func nextLine(data []byte) (line, rest []byte) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i+1], data[i+1:]
	}
	return data, nil
}

// setsEscape reports whether the parser directives at the top of a
// Dockerfile, read as BuildKit's Parse reads them, set the escape token (or
// are invalid).
func setsEscape(data []byte) bool {
	var dp parser.DirectiveParser
	for rest := data; len(rest) > 0; {
		var raw []byte
		raw, rest = nextLine(rest)
		d, err := dp.ParseLine(bytes.TrimLeftFunc(bytes.TrimRight(raw, "\r\n"), unicode.IsSpace))
		if err != nil {
			return true
		}
		if d == nil {
			return false // the directives end at the first other line
		}
		if d.Name == "escape" {
			return true
		}
	}
	return false
}

// continuation reports whether a line (without its line ending) ends with
// the escape token `\` that continues it on the next line, and returns it
// without that token and the blanks after it. It is BuildKit's
// `([^\\])\\[ \t]*$|^\\[ \t]*$` (with the replacement `$1`), without a
// regular expression: the token is the last character other than spaces
// and tabs, and it is either the whole line or follows another character
// than itself.
func continuation(line []byte) ([]byte, bool) {
	end := len(bytes.TrimRight(line, " \t"))
	if end == 0 || line[end-1] != '\\' {
		return line, false
	}
	if end >= 2 && line[end-2] == '\\' {
		return line, false // an escaped escape token
	}
	return line[:end-1], true
}

// remap gives the top-level nodes parsed from joined lines their original
// lines; false if a node's lines are not those of a joined line.
func remap(root *parser.Node, spans []span) bool {
	at := func(l int) (span, bool) {
		if l < 1 || l > len(spans) {
			return span{}, false
		}
		return spans[l-1], true
	}
	for _, c := range root.Children {
		s, ok1 := at(c.StartLine)
		e, ok2 := at(c.EndLine)
		if !ok1 || !ok2 {
			return false
		}
		c.StartLine, c.EndLine = s.start, e.end
	}
	s, ok1 := at(root.StartLine)
	e, ok2 := at(root.EndLine)
	if !ok1 || !ok2 {
		return false
	}
	root.StartLine, root.EndLine = s.start, e.end
	return true
}
