package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// A module argument (privileged_mode = true) is written by the module's
// caller; the module only passes it on (privileged = var.privileged_mode).
// Findings on such a value belong on the caller's line, where it can be
// changed for that instance alone, with the module's line as a related
// location: the nodes a module builds from var.NAME carry the caller's
// position (tree.Node.Caller), which decoders give as the value's position.

// callerPlace is where the caller of the module instance wrote the value
// of a reference to one of the module's variables (var.NAME, or an
// attribute of it that the caller wrote as an object literal): the
// argument's expression, or further up when the caller only passes on a
// variable of its own that its caller set. It is nil for anything else,
// and for a variable the caller did not set (its default is the module's).
func (e *modEval) callerPlace(t hcl.Traversal) *tree.Place {
	if len(t) < 2 || t.RootName() != "var" || e.caller == nil {
		return nil
	}
	expr := e.inputs[stepName(t, 1)]
	if expr == nil {
		return nil
	}
steps:
	for _, step := range t[2:] {
		obj, ok := expr.(*hclsyntax.ObjectConsExpr)
		if !ok {
			break
		}
		var key string
		switch s := step.(type) {
		case hcl.TraverseAttr:
			key = s.Name
		case hcl.TraverseIndex:
			if s.Key.Type() != cty.String || !s.Key.IsKnown() || s.Key.IsNull() {
				break steps
			}
			key = s.Key.AsString()
		default:
			break steps
		}
		found := false
		for _, it := range obj.Items {
			k := hcl.ExprAsKeyword(it.KeyExpr)
			if k == "" {
				if v, d := it.KeyExpr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					k = v.AsString()
				}
			}
			if k == key {
				expr, found = it.ValueExpr, true
				break
			}
		}
		if !found {
			break
		}
	}
	if st, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok && st.Traversal.RootName() == "var" {
		// The caller passes on its own variable: the value was written
		// by its caller, or is the caller's default (not the caller's
		// line, then, but no caller's either).
		return e.caller.callerPlace(st.Traversal)
	}
	r := expr.StartRange()
	return &tree.Place{File: r.Filename, Line: r.Start.Line, Col: r.Start.Column}
}

// markCaller records on n and everything below it that the value was
// written at p, where it was not written further up (a leaf of an object
// the caller's caller wrote, see provenance.go).
func markCaller(n *tree.Node, p *tree.Place) {
	if n == nil {
		return
	}
	if n.Caller == nil {
		n.Caller = p
	}
	for _, pr := range n.Pairs {
		markCaller(pr.Key, p)
		markCaller(pr.Value, p)
	}
	for _, it := range n.Items {
		markCaller(it, p)
	}
}
