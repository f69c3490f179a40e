package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// Limits bound the work one file may cause.
const (
	// MaxDepth is the deepest nesting accepted.
	MaxDepth = 256
	// minNodeBudget is the smallest budget of nodes, counting every alias
	// use as a copy of its target; larger files get proportionally more.
	minNodeBudget = 200_000
)

// Comment is one comment line of a file.
type Comment struct {
	Line int
	Text string // from the '#' to the end of the line
}

// Warning is a problem that did not stop parsing.
type Warning struct {
	Line int
	Msg  string
	// Kind names warnings of this sort after a count (see
	// finding.Diagnostic.Kind).
	Kind string
}

// KindDuplicateKey is the Kind of duplicate-key warnings.
const KindDuplicateKey = "duplicate keys (the last value is used)"

// Error is a syntax error at a position.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d: %s", e.Line, e.Msg)
}

// File is a parsed YAML or JSON file: one root per document.
type File struct {
	Docs     []*Node
	Warnings []Warning
	comments map[string]bool
	data     []byte
}

// Parse reads every document of a YAML or JSON file. On a syntax error it
// returns the documents before it together with an *Error.
func Parse(data []byte) (*File, error) {
	f := &File{data: data}
	if i := bytes.IndexByte(data, 0); i >= 0 && !isUTF16(data) {
		return f, &Error{Line: 1 + bytes.Count(data[:i], []byte("\n")), Msg: "binary file (NUL byte)"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !isUTF16(data) && !utf8.Valid(data) {
		return f, &Error{Line: firstInvalidLine(data), Msg: "not valid UTF-8 text"}
	}
	loader, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		return f, &Error{Line: 1, Msg: err.Error()}
	}
	c := converter{budget: minNodeBudget + 64*len(data), seen: map[*yaml.Node]*converted{}, file: f}
	for {
		var doc yaml.Node
		err := loader.Load(&doc)
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return f, yamlError(err, data)
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
			continue
		}
		c.collectComments(&doc)
		root, err := c.convert(doc.Content[0], 0)
		if err != nil {
			return f, err
		}
		f.Docs = append(f.Docs, root)
	}
}

// lastLine is the number of the last line of data holding any text.
func lastLine(data []byte) int {
	data = bytes.TrimRight(data, " \t\r\n")
	return 1 + bytes.Count(data, []byte("\n"))
}

func isUTF16(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff})
}

func firstInvalidLine(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[size:]
	}
	return line
}

// yamlError turns the library's error into an *Error. The library's marks
// are already 1-based; a mark past the end of the input (an unterminated
// string or list) is moved back to its last line.
func yamlError(err error, data []byte) *Error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := le.Message
		if msg == "" {
			msg = err.Error()
		}
		line, col := max(le.Mark.Line, 1), le.Mark.Column
		if last := lastLine(data); line > last {
			line, col = last, 0
		}
		return &Error{Line: line, Col: col, Msg: msg}
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		return yamlError(les.Errors[0], data)
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &Error{Line: 1, Msg: msg}
}

// Comments returns the comment lines of the file. Only text the parser saw
// as a comment counts, so a '#' inside a string is not a comment.
func (f *File) Comments() []Comment {
	if len(f.comments) == 0 {
		return nil
	}
	var out []Comment
	line := 1
	for rest := f.data; len(rest) > 0; line++ {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		for off := 0; ; {
			i := bytes.IndexByte(l[off:], '#')
			if i < 0 {
				break
			}
			text := strings.TrimRight(string(l[off+i:]), " \t\r")
			if f.comments[text] {
				out = append(out, Comment{Line: line, Text: text})
				break
			}
			off += i + 1
		}
	}
	return out
}

type converted struct {
	node *Node
	size int
}

type converter struct {
	budget int
	seen   map[*yaml.Node]*converted
	file   *File
}

func (c *converter) collectComments(n *yaml.Node) {
	for _, s := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		if s == "" {
			continue
		}
		if c.file.comments == nil {
			c.file.comments = map[string]bool{}
		}
		for _, l := range strings.Split(s, "\n") {
			c.file.comments[strings.TrimRight(strings.TrimLeft(l, " \t"), " \t\r")] = true
		}
	}
	for _, k := range n.Content {
		c.collectComments(k)
	}
}

func (c *converter) spend(n int, line int) error {
	c.budget -= n
	if c.budget < 0 {
		return &Error{Line: line, Msg: "too many nodes after expanding aliases (alias bomb?); file not scanned"}
	}
	return nil
}

func (c *converter) convert(y *yaml.Node, depth int) (*Node, error) {
	n, _, err := c.convertSized(y, depth)
	return n, err
}

func (c *converter) convertSized(y *yaml.Node, depth int) (*Node, int, error) {
	if depth > MaxDepth {
		return nil, 0, &Error{Line: y.Line, Col: y.Column, Msg: fmt.Sprintf("nesting deeper than %d levels", MaxDepth)}
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return &Node{Kind: Null, Line: y.Line, Col: y.Column}, 1, nil
		}
		if done, ok := c.seen[y.Alias]; ok {
			if done == nil {
				return nil, 0, &Error{Line: y.Line, Col: y.Column, Msg: "alias refers to its own anchor"}
			}
			return done.node, done.size, c.spend(done.size, y.Line)
		}
		return c.convertSized(y.Alias, depth)
	}
	if y.Anchor != "" {
		if _, ok := c.seen[y]; !ok {
			c.seen[y] = nil // in progress: detects self-reference
		}
	}
	if err := c.spend(1, y.Line); err != nil {
		return nil, 0, err
	}
	n := &Node{Line: y.Line, Col: y.Column}
	size := 1
	if t := y.Tag; t != "" && !strings.HasPrefix(t, "!!") && !strings.HasPrefix(t, "tag:yaml.org,2002:") {
		n.Tag = t
	}
	switch y.Kind {
	case yaml.ScalarNode:
		n.Kind = Scalar
		n.Value = y.Value
		switch y.ShortTag() {
		case "!!null":
			if n.Tag == "" {
				n.Kind = Null
			}
		case "!!int":
			n.Type = Int
		case "!!float":
			n.Type = Float
		case "!!bool":
			n.Type = Bool
		}
	case yaml.SequenceNode:
		n.Kind = Seq
		n.Items = make([]*Node, 0, len(y.Content))
		for _, item := range y.Content {
			v, s, err := c.convertSized(item, depth+1)
			if err != nil {
				return nil, 0, err
			}
			n.Items = append(n.Items, v)
			size += s
		}
	case yaml.MappingNode:
		n.Kind = Map
		s, err := c.convertMap(n, y, depth)
		if err != nil {
			return nil, 0, err
		}
		size += s
	default:
		n.Kind = Null
	}
	if y.Anchor != "" {
		c.seen[y] = &converted{node: n, size: size}
	}
	return n, size, nil
}

func (c *converter) convertMap(n *Node, y *yaml.Node, depth int) (int, error) {
	size := 0
	n.Pairs = make([]Pair, 0, len(y.Content)/2)
	index := map[string]int{}
	var merges []*Node
	for i := 0; i+1 < len(y.Content); i += 2 {
		ky, vy := y.Content[i], y.Content[i+1]
		if ky.Kind == yaml.ScalarNode && ky.Value == "<<" && (ky.ShortTag() == "!!merge" || ky.Tag == "") {
			v, s, err := c.convertSized(vy, depth+1)
			if err != nil {
				return 0, err
			}
			size += s
			merges = append(merges, v)
			continue
		}
		k, ks, err := c.convertSized(ky, depth+1)
		if err != nil {
			return 0, err
		}
		v, vs, err := c.convertSized(vy, depth+1)
		if err != nil {
			return 0, err
		}
		size += ks + vs
		if k.Kind != Scalar {
			k = &Node{Kind: Scalar, Value: fmt.Sprintf("<%s key>", k.Kind), Line: k.Line, Col: k.Col}
		}
		if j, dup := index[k.Value]; dup {
			first := n.Pairs[j].Key.Line
			c.file.Warnings = append(c.file.Warnings, Warning{Line: k.Line,
				Msg: fmt.Sprintf("duplicate key %q (first at line %d); the last value is used", k.Value, first), Kind: KindDuplicateKey})
			n.Pairs[j] = Pair{Key: k, Value: v}
			continue
		}
		index[k.Value] = len(n.Pairs)
		n.Pairs = append(n.Pairs, Pair{Key: k, Value: v})
	}
	// Merge keys: entries of the merged mappings that the mapping does not
	// set itself, earlier merges taking precedence.
	for _, m := range merges {
		for _, src := range m.List() {
			if src.Kind != Map {
				continue
			}
			for _, p := range src.Pairs {
				if _, ok := index[p.Key.Value]; ok {
					continue
				}
				index[p.Key.Value] = len(n.Pairs)
				n.Pairs = append(n.Pairs, p)
			}
		}
	}
	return size, nil
}
