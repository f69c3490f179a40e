// Package tree is the position-keeping document tree shared by every YAML and
// JSON input (CloudFormation, task definitions, Kubernetes manifests, configs).
//
// It is built from go.yaml.in/yaml/v4 nodes with aliases and merge keys
// resolved (under a budget, so alias bombs are bounded), duplicate keys
// reported, and custom tags such as !Ref kept. Nodes are immutable once built
// and may be shared, so callers must copy before changing them.
package tree

import (
	"strconv"
	"strings"
)

// Kind says what a Node holds.
type Kind uint8

// The node kinds. Unknown is produced by evaluators (CloudFormation
// intrinsics, Terraform expressions) for values that cannot be resolved.
const (
	Null Kind = iota
	Scalar
	Map
	Seq
	Unknown
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Scalar:
		return "scalar"
	case Map:
		return "mapping"
	case Seq:
		return "sequence"
	case Unknown:
		return "unknown"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// ScalarType is the YAML core-schema type of a scalar.
type ScalarType uint8

// Scalar types as resolved by YAML; JSON values map onto the same set.
const (
	Str ScalarType = iota
	Int
	Float
	Bool
)

// Node is one value of a document with the place it was written.
type Node struct {
	Kind Kind
	// Type is the resolved type of a Scalar.
	Type ScalarType
	// Tag is a custom tag such as "!Ref" or "!GetAtt"; standard tags are dropped.
	Tag string
	// Value is the text of a Scalar, or the known part of an Unknown string.
	Value string
	// Line and Col are 1-based positions of the node in its file.
	Line, Col int
	// Pairs holds the entries of a Map in source order.
	Pairs []Pair
	// Items holds the elements of a Seq.
	Items []*Node
	// Reason explains an Unknown ("parameter Env has no default").
	Reason string
	// Refs names the resources an Unknown value refers to (Ref, GetAtt, ${X}).
	Refs []Ref
	// Partial is set on an Unknown string that is known in parts: Value then
	// holds the text with each unknown part replaced by Hole.
	Partial bool
	// Caller, when set, is where the value was written when that is not
	// the file the node is in: a Terraform module argument, written by the
	// module's caller at Caller and used by the module at Line and Col.
	Caller *Place
}

// Place is a position in a named file.
type Place struct {
	File      string
	Line, Col int
}

// Hole stands for an unknown part inside a Partial value.
const Hole = "\x00"

// Pair is one key and value of a mapping.
type Pair struct {
	Key   *Node
	Value *Node
}

// Ref is a reference to another resource, for example the target of a
// CloudFormation Ref or Fn::GetAtt, or a Terraform resource attribute.
type Ref struct {
	Target string
	Attr   string
}

// IsNull reports whether n is absent or an explicit null.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Null }

// IsUnknown reports whether n is a value an evaluator could not resolve.
func (n *Node) IsUnknown() bool { return n != nil && n.Kind == Unknown }

// Get returns the value under key (exact match), or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Pairs {
		if n.Pairs[i].Key.Value == key {
			return n.Pairs[i].Value
		}
	}
	return nil
}

// Field returns the value whose key matches name when both are compared
// ignoring ASCII case and underscores, so that "ReadonlyRootFilesystem",
// "readonlyRootFilesystem" and "readonly_root_filesystem" are one field. The
// extra names are aliases tried in order after name.
func (n *Node) Field(name string, aliases ...string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i := range n.Pairs {
		if KeyEqual(n.Pairs[i].Key.Value, name) {
			return n.Pairs[i].Value
		}
	}
	for _, a := range aliases {
		if v := n.Field(a); v != nil {
			return v
		}
	}
	return nil
}

// FieldPair is Field returning the key node too, whose line is where the
// property is written.
func (n *Node) FieldPair(name string) (key, value *Node) {
	if n == nil || n.Kind != Map {
		return nil, nil
	}
	for i := range n.Pairs {
		if KeyEqual(n.Pairs[i].Key.Value, name) {
			return n.Pairs[i].Key, n.Pairs[i].Value
		}
	}
	return nil, nil
}

// KeyEqual compares two property names ignoring ASCII case and underscores.
func KeyEqual(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && (a[i] == '_' || a[i] == '-') {
			i++
		}
		for j < len(b) && (b[j] == '_' || b[j] == '-') {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		ca, cb := a[i], b[j]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
		i++
		j++
	}
}

// Text returns the scalar text of n and whether n is a known scalar.
func (n *Node) Text() (string, bool) {
	if n == nil || n.Kind != Scalar {
		return "", false
	}
	return n.Value, true
}

// Bool interprets a known scalar as a boolean the way AWS does: true/false in
// any case, as YAML booleans or strings.
func (n *Node) Bool() (value, ok bool) {
	s, ok := n.Text()
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Int interprets a known scalar as an integer.
func (n *Node) Int() (int64, bool) {
	s, ok := n.Text()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if ferr != nil || f != float64(int64(f)) {
			return 0, false
		}
		return int64(f), true
	}
	return v, true
}

// List returns the items of a sequence; a single non-sequence value is
// returned as a one-item list, as AWS accepts for many list properties.
func (n *Node) List() []*Node {
	switch {
	case n == nil || n.Kind == Null:
		return nil
	case n.Kind == Seq:
		return n.Items
	}
	return []*Node{n}
}

// Walk calls fn for n and every node below it, depth first, until fn returns false.
func (n *Node) Walk(fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, p := range n.Pairs {
		p.Key.Walk(fn)
		p.Value.Walk(fn)
	}
	for _, it := range n.Items {
		it.Walk(fn)
	}
}
