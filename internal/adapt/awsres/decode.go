// Package awsres decodes AWS resource properties into the model, once for
// every dialect: CloudFormation (PascalCase), ECS task-definition and AWS API
// JSON (camelCase) and Terraform (snake_case) all reach it as a tree.Node
// whose keys are matched ignoring case and underscores, with aliases where
// the dialects name a property differently. Adapters resolve their own
// expressions first and hand over the resolved tree.
package awsres

import (
	"strings"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Decoder turns property trees of one file into model values.
type Decoder struct {
	// File is the display path positions are given in.
	File string
}

// Pos returns the position of n in the decoder's file; for a value a
// module's caller wrote (n.Caller), the caller's position, related to n's.
func (d Decoder) Pos(n *tree.Node) model.Pos {
	if n == nil {
		return model.Pos{}
	}
	if c := n.Caller; c != nil {
		return model.Pos{File: c.File, Line: c.Line, Col: c.Col, Related: &model.Pos{File: d.File, Line: n.Line, Col: n.Col}}
	}
	return model.Pos{File: d.File, Line: n.Line, Col: n.Col}
}

// field finds a property by name or alias and returns its key and value.
func field(n *tree.Node, names ...string) (key, val *tree.Node) {
	n = one(n)
	if n != nil && n.Kind == tree.Unknown && len(names) > 0 {
		// An object known only at deploy time (a Terraform dynamic block
		// over an unknown collection): each of its fields is unknown, not
		// absent.
		return n, &tree.Node{Kind: tree.Unknown, Line: n.Line, Col: n.Col}
	}
	if n == nil || n.Kind != tree.Map {
		return nil, nil
	}
	for _, name := range names {
		// What n.FieldPair(name) finds, with the keys whose first letter
		// differs passed over without a call of tree.KeyEqual (a decoder
		// asks for dozens of properties of each object).
		first := keyInitial(name)
		for i := range n.Pairs {
			k := n.Pairs[i].Key
			if c := keyInitial(k.Value); c != first && c != 0 && first != 0 {
				continue
			}
			if tree.KeyEqual(k.Value, name) {
				return k, n.Pairs[i].Value
			}
		}
	}
	return nil, nil
}

// keyInitial is the first letter of a property name as tree.KeyEqual
// compares it (lower case); 0 when the name starts with an underscore or
// a dash, which KeyEqual skips.
func keyInitial(s string) byte {
	if s == "" {
		return 1 // matches only another empty name
	}
	c := s[0]
	switch {
	case c == '_' || c == '-':
		return 0
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	}
	return c
}

// one returns the object itself, or the first object of a list (Terraform
// blocks decode to lists even when they may appear only once).
func one(n *tree.Node) *tree.Node {
	if n != nil && n.Kind == tree.Seq {
		for _, it := range n.Items {
			if it.Kind == tree.Map {
				return it
			}
		}
		return nil
	}
	return n
}

// Obj returns the object under a property, unwrapping one-item lists.
func Obj(n *tree.Node, names ...string) *tree.Node {
	_, v := field(n, names...)
	if isText(v) {
		if parsed := parseJSONString(v); parsed != nil {
			return one(parsed)
		}
	}
	return one(v)
}

// Items returns the objects of a list property; a JSON string holding a list
// is parsed (container definitions are sometimes written that way).
func Items(n *tree.Node, names ...string) []*tree.Node {
	_, v := field(n, names...)
	if isText(v) {
		if parsed := parseJSONString(v); parsed != nil {
			v = parsed
		}
	}
	return v.List()
}

// Unresolved reports whether a property is written but its value, or an
// item of its list, could not be resolved (it depends on values known only
// at deploy time): a rule that reads it judges nothing of what is missing,
// and the adapter says so.
func Unresolved(n *tree.Node, names ...string) bool {
	k, v := field(n, names...)
	if k == nil || v == nil {
		return false
	}
	if v.Kind == tree.Scalar && !strings.Contains(v.Value, tree.Hole) && !strings.Contains(v.Value, `\`) {
		// Known text without a hole, nor an escape that could write one:
		// what it holds, parsed as JSON or not, is known.
		return false
	}
	if isText(v) {
		if parsed := parseJSONString(v); parsed != nil {
			v = parsed
		}
	}
	if v.IsUnknown() {
		return true
	}
	if v.Kind == tree.Seq {
		for _, it := range v.Items {
			if it.IsUnknown() {
				return true
			}
		}
	}
	return false
}

// isText reports whether v is a string, known or partly known (JSON built
// around unknown leaves).
func isText(v *tree.Node) bool {
	return v != nil && (v.Kind == tree.Scalar || v.Kind == tree.Unknown && v.Partial)
}

// parseJSONString parses a scalar holding a JSON object or array, placing
// every node of the result on the scalar's line.
func parseJSONString(v *tree.Node) *tree.Node {
	s := strings.TrimSpace(v.Value)
	if s == "" || (s[0] != '[' && s[0] != '{') {
		return nil
	}
	if strings.Contains(s, tree.Hole) {
		s = quoteHoles(s)
	}
	root, ok := jsonTree(s)
	if !ok {
		f, err := tree.Parse([]byte(s))
		if err != nil || len(f.Docs) != 1 {
			return nil
		}
		root = f.Docs[0]
	}
	root.Walk(func(n *tree.Node) bool {
		n.Line, n.Col = v.Line, v.Col
		if n.Kind == tree.Scalar && strings.Contains(n.Value, tree.Hole) {
			// A leaf that was unknown when the text was built (Terraform's
			// jsonencode of a partly known value): unknown, not a value.
			n.Kind, n.Partial, n.Refs = tree.Unknown, true, v.Refs
		}
		return true
	})
	return root
}

// quoteHoles makes the holes of a partly known JSON text (a heredoc
// policy interpolating an ARN) parseable: a hole inside a string becomes
// the escape \u0000, a hole where a value belongs the string "\u0000".
// The parsed strings that hold one are unknown (see parseJSONString).
func quoteHoles(s string) string {
	var b strings.Builder
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0 && inString:
			b.WriteString(`\u0000`)
			continue
		case c == 0:
			b.WriteString(`"\u0000"`)
			continue
		case escaped:
			escaped = false
		case c == '\\' && inString:
			escaped = true
		case c == '"':
			inString = !inString
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Block records whether a property is written.
func (d Decoder) Block(n *tree.Node, names ...string) model.Block {
	k, v := field(n, names...)
	switch {
	case k == nil || v.IsNull():
		return model.Block{}
	case v.IsUnknown():
		return model.Block{P: model.Unknown, Pos: d.Pos(k)}
	}
	return model.Block{P: model.Known, Pos: d.Pos(k)}
}

// Str decodes a string property.
func (d Decoder) Str(n *tree.Node, names ...string) model.Str {
	k, v := field(n, names...)
	if k == nil {
		return model.Str{}
	}
	return d.StrOf(v, d.Pos(k))
}

// StrOf decodes a value node as a string, placed at pos.
func (d Decoder) StrOf(v *tree.Node, pos model.Pos) model.Str {
	s := model.Str{Pos: pos}
	switch {
	case v.IsNull():
		s.P = model.Absent
	case v.Kind == tree.Scalar:
		s.P, s.V = model.Known, v.Value
	case v.Kind == tree.Unknown:
		s.P = model.Unknown
		if v.Partial {
			s.Partial = v.Value
		}
		for _, r := range v.Refs {
			s.Refs = append(s.Refs, model.Ref{Target: r.Target, Attr: r.Attr})
		}
	default:
		// An object or list where a string belongs: not a value AWS accepts,
		// and nothing a rule can judge.
		s.P = model.Unknown
	}
	return s
}

// Bool decodes a boolean property.
func (d Decoder) Bool(n *tree.Node, names ...string) model.Bool {
	k, v := field(n, names...)
	if k == nil || v.IsNull() {
		return model.Bool{}
	}
	b := model.Bool{Pos: d.Pos(k), P: model.Unknown}
	if val, ok := v.Bool(); ok {
		b.P, b.V = model.Known, val
	}
	return b
}

// Int decodes an integer property.
func (d Decoder) Int(n *tree.Node, names ...string) model.Int {
	k, v := field(n, names...)
	if k == nil || v.IsNull() {
		return model.Int{}
	}
	i := model.Int{Pos: d.Pos(k), P: model.Unknown}
	if val, ok := v.Int(); ok {
		i.P, i.V = model.Known, val
	}
	return i
}

// List decodes a list of strings; a single string counts as a one-item list.
func (d Decoder) List(n *tree.Node, names ...string) model.List {
	k, v := field(n, names...)
	if k == nil || v.IsNull() {
		return model.List{}
	}
	l := model.List{Pos: d.Pos(k), P: model.Known}
	if v.IsUnknown() {
		l.P = model.Unknown
		return l
	}
	items := v.List()
	if len(items) > 0 {
		l.Items = make([]model.Str, 0, len(items))
	}
	for _, it := range items {
		l.Items = append(l.Items, d.StrOf(it, d.Pos(it).Or(l.Pos)))
	}
	return l
}

// Meta builds resource metadata.
func Meta(id, typ string, format model.Format, pos model.Pos) model.Meta {
	return model.Meta{ID: id, Type: typ, Format: format, Pos: pos}
}
