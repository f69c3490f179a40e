package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Unknown leaves stay leaves. shipshape reads no data source and no
// resource attribute, so many more values are unknown than in a Terraform
// plan; HCL's own evaluation lets one unknown spread to the whole value
// around it in two places, which lenient replaces in each parsed file:
//
//   - a for expression whose if clause is unknown for one element is
//     wholly unknown: lenientFor keeps the elements whose condition is
//     known, and the doubtful ones as unknown elements;
//   - a call to a function shipshape does not implement is an error, which
//     makes the function call or object around it unknown: unknownCall is
//     an unknown value without an error.
//
// And where shipshape's own leniency would make a value known that is not:
// a jsonencode of a value with unknown leaves is a text with holes, which
// == and != compare as unknown (opEqual, opNotEqual), not as a text that
// differs from every other.

// lenient rewrites the expressions of a parsed native syntax body in place.
// It runs once per parse, before the file is shared.
func lenient(body *hclsyntax.Body, known map[string]bool) {
	if body == nil {
		return
	}
	for _, at := range body.Attributes {
		at.Expr = lenientExpr(at.Expr, known)
	}
	for _, blk := range body.Blocks {
		lenient(blk.Body, known)
	}
}

func lenientExpr(expr hclsyntax.Expression, known map[string]bool) hclsyntax.Expression {
	switch x := expr.(type) {
	case nil:
		return nil
	case *hclsyntax.ParenthesesExpr:
		x.Expression = lenientExpr(x.Expression, known)
	case *hclsyntax.RelativeTraversalExpr:
		x.Source = lenientExpr(x.Source, known)
	case *hclsyntax.FunctionCallExpr:
		for i, a := range x.Args {
			x.Args[i] = lenientExpr(a, known)
		}
		if !known[x.Name] {
			return &unknownCall{FunctionCallExpr: x}
		}
	case *hclsyntax.ConditionalExpr:
		x.Condition = lenientExpr(x.Condition, known)
		x.TrueResult = lenientExpr(x.TrueResult, known)
		x.FalseResult = lenientExpr(x.FalseResult, known)
	case *hclsyntax.IndexExpr:
		x.Collection = lenientExpr(x.Collection, known)
		x.Key = lenientExpr(x.Key, known)
	case *hclsyntax.TupleConsExpr:
		for i, e := range x.Exprs {
			x.Exprs[i] = lenientExpr(e, known)
		}
	case *hclsyntax.ObjectConsExpr:
		for i := range x.Items {
			// Keys stay as they are: a bare key is read as a keyword.
			if k, ok := x.Items[i].KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
				k.Wrapped = lenientExpr(k.Wrapped, known)
			}
			x.Items[i].ValueExpr = lenientExpr(x.Items[i].ValueExpr, known)
		}
	case *hclsyntax.ForExpr:
		x.CollExpr = lenientExpr(x.CollExpr, known)
		x.KeyExpr = lenientExpr(x.KeyExpr, known)
		x.ValExpr = lenientExpr(x.ValExpr, known)
		x.CondExpr = lenientExpr(x.CondExpr, known)
		return &lenientFor{ForExpr: x}
	case *hclsyntax.SplatExpr:
		x.Source = lenientExpr(x.Source, known)
		x.Each = lenientExpr(x.Each, known)
	case *hclsyntax.BinaryOpExpr:
		x.LHS = lenientExpr(x.LHS, known)
		x.RHS = lenientExpr(x.RHS, known)
		switch x.Op {
		case hclsyntax.OpEqual:
			x.Op = opEqual
		case hclsyntax.OpNotEqual:
			x.Op = opNotEqual
		}
	case *hclsyntax.UnaryOpExpr:
		x.Val = lenientExpr(x.Val, known)
	case *hclsyntax.TemplateExpr:
		for i, p := range x.Parts {
			x.Parts[i] = lenientExpr(p, known)
		}
	case *hclsyntax.TemplateJoinExpr:
		x.Tuple = lenientExpr(x.Tuple, known)
	case *hclsyntax.TemplateWrapExpr:
		x.Wrapped = lenientExpr(x.Wrapped, known)
	}
	return expr
}

// opEqual and opNotEqual are == and != with a text holding holes (a
// partly known jsonencode) neither equal nor unequal to anything: unknown.
var (
	opEqual    = &hclsyntax.Operation{Impl: holeAware(stdlib.EqualFunc), Type: cty.Bool}
	opNotEqual = &hclsyntax.Operation{Impl: holeAware(stdlib.NotEqualFunc), Type: cty.Bool}
)

// isOp reports whether op is want, or shipshape's replacement of it.
func isOp(op, want *hclsyntax.Operation) bool {
	switch {
	case op == want:
		return true
	case want == hclsyntax.OpEqual:
		return op == opEqual
	case want == hclsyntax.OpNotEqual:
		return op == opNotEqual
	}
	return false
}

// holeAware wraps a comparison: its result is unknown when either side is
// a text with holes.
func holeAware(f function.Function) function.Function {
	p := function.Parameter{Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true}
	a, b := p, p
	a.Name, b.Name = "a", "b"
	return function.New(&function.Spec{
		Params: []function.Parameter{a, b},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if holey(args[0]) || holey(args[1]) {
				return cty.UnknownVal(cty.Bool), nil
			}
			return f.Call(args)
		},
	})
}

// holey reports whether v is a known text holding a hole, as it is or
// escaped in JSON (jsonencode writes it as \u0000).
func holey(v cty.Value) bool {
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return false
	}
	s := v.AsString()
	return strings.Contains(s, tree.Hole) || strings.Contains(s, `\u0000`)
}

// unknownCall is a call to a function shipshape does not implement
// (nonsensitive, a provider function): its value is unknown.
type unknownCall struct{ *hclsyntax.FunctionCallExpr }

// Value is unknown, without an error.
func (*unknownCall) Value(*hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	return cty.DynamicVal, nil
}

// lenientFor is a for expression that keeps its known elements when the if
// clause of some elements is unknown: those are kept as unknown elements
// (they may or may not be there, and a rule never reports an unknown value
// as insecure). An element whose value fails to evaluate in part keeps the
// parts that did.
type lenientFor struct{ *hclsyntax.ForExpr }

// Value evaluates the for expression as HCL does, then, when that is
// unknown over a known collection, element by element.
func (e *lenientFor) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := e.ForExpr.Value(ctx)
	if (v.IsKnown() && !diags.HasErrors()) || e.Group {
		return v, diags
	}
	if out, ok := e.elements(ctx); ok {
		return out, nil
	}
	return v, diags
}

// elements evaluates the for expression element by element; ok is false
// when its shape cannot be known (unknown collection, unknown or duplicate
// keys, a condition that is not a boolean).
func (e *lenientFor) elements(ctx *hcl.EvalContext) (cty.Value, bool) {
	coll, diags := e.CollExpr.Value(ctx)
	if diags.HasErrors() || !coll.IsKnown() || coll.IsNull() || coll.Type() == cty.DynamicPseudoType {
		return cty.NilVal, false
	}
	// The elements keep their marks (where a module's caller wrote them);
	// the collection's are the result's.
	coll, marks := coll.Unmark()
	if !coll.CanIterateElements() {
		return cty.NilVal, false
	}
	var items []cty.Value
	anyDoubt := false
	obj := map[string]cty.Value{}
	for it := coll.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{e.ValVar: ev}
		if e.KeyVar != "" {
			child.Variables[e.KeyVar] = k
		}
		doubtful := false
		if e.CondExpr != nil {
			c, d := e.CondExpr.Value(child)
			if d.HasErrors() || c.IsNull() {
				return cty.NilVal, false
			}
			c, _ = c.Unmark() // a bool, or not converted
			c, err := convert.Convert(c, cty.Bool)
			if err != nil {
				return cty.NilVal, false
			}
			if c.IsKnown() && c.False() {
				continue
			}
			doubtful = !c.IsKnown()
			anyDoubt = anyDoubt || doubtful
		}
		val := cty.DynamicVal
		if ev, _ := e.ValExpr.Value(child); ev != cty.NilVal {
			val = ev
		}
		if doubtful {
			// Unknown, but of its type: flatten keeps an unknown object
			// as one element, where it would wait for an unknown of
			// any type.
			val = cty.UnknownVal(val.Type())
		}
		if e.KeyExpr == nil {
			items = append(items, val)
			continue
		}
		kv, d := e.KeyExpr.Value(child)
		if d.HasErrors() || !kv.IsKnown() || kv.IsNull() {
			return cty.NilVal, false
		}
		kv, _ = kv.Unmark() // a string, or not converted
		kv, err := convert.Convert(kv, cty.String)
		if err != nil {
			return cty.NilVal, false
		}
		if _, dup := obj[kv.AsString()]; dup {
			return cty.NilVal, false
		}
		obj[kv.AsString()] = val
	}
	out := cty.EmptyTupleVal
	switch {
	case e.KeyExpr != nil:
		out = objectOf(obj)
	case len(items) > 0:
		out = cty.TupleVal(items)
	}
	out = out.WithMarks(marks)
	if anyDoubt {
		out = out.Mark(doubtfulShape{})
	}
	return out, true
}
