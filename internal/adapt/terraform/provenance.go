package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Value provenance. A value a module's caller writes (user = "0" inside a
// map of container definitions) may reach a resource of the module through
// for_each and each.value, locals, merge, a nested module and its outputs;
// caller.go follows only direct references to the module's variables. So
// each known leaf of a module argument's value is marked (cty marks, which
// HCL and the cty functions carry through expressions) with where it was
// written, and the nodes decoded from a marked leaf carry that place as
// their Caller (see convertValue).
//
// HCL also gives a value the marks of what decided it (the condition of a
// conditional, the if clause of a for expression), so a mark records the
// text of the value written: a leaf takes the place of a mark only when the
// mark's text is the leaf's own and no other place wrote that text. A value
// a module computes from the caller's (a tag appended to an image) is then
// the module's, as it should be.

// written marks a primitive value with where a module's caller wrote it
// and its text; an object constructor the caller wrote is marked too, with
// objectText: what is read of it (each.value.user) carries that mark, so
// that an object a module builds from one object of its caller (a container
// definition) is placed there, where a setting it lacks can be added.
type written struct {
	at   tree.Place
	text string
}

// objectText is the text of an object's mark: no leaf has it (a text
// holding tree.Hole is not a known leaf).
const objectText = tree.Hole + "{}"

// doubtfulShape marks a collection built by a for expression whose if
// clause is unknown for some element (see lenientFor): its elements are
// there, but some may not be, so its length is unknown.
type doubtfulShape struct{}

// maxMarkDepth bounds how deeply markWritten follows expressions and values.
const maxMarkDepth = 32

// markWritten marks the known leaves of v, the value of expr evaluated in
// e (a module argument), with where e's module wrote them: object and
// tuple constructors are followed to each item, a local to its expression;
// a reference to one of e's own variables keeps the marks its caller gave
// (none for a default: the module's own value). Leaves already marked keep
// their marks: a value passed on was written where it was first written.
func (e *modEval) markWritten(expr hcl.Expression, v cty.Value, ctx *hcl.EvalContext, depth int) cty.Value {
	if depth > maxMarkDepth || v == cty.NilVal || !v.IsKnown() || v.IsNull() {
		return v
	}
	switch x := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return e.markWritten(x.Expression, v, ctx, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		return e.markWritten(x.Wrapped, v, ctx, depth+1)
	case *hclsyntax.ObjectConsExpr:
		u, marks := v.Unmark()
		if !u.Type().IsObjectType() {
			break
		}
		attrs := u.AsValueMap()
		for _, it := range x.Items {
			key, ok := e.objectKey(it, ctx)
			if !ok {
				continue
			}
			if av, ok := attrs[key]; ok {
				attrs[key] = e.markWritten(it.ValueExpr, av, ctx, depth+1)
			}
		}
		r := x.SrcRange
		return objectOf(attrs).WithMarks(marks).Mark(written{at: tree.Place{File: r.Filename, Line: r.Start.Line, Col: r.Start.Column}, text: objectText})
	case *hclsyntax.TupleConsExpr:
		u, marks := v.Unmark()
		if !u.Type().IsTupleType() || u.LengthInt() != len(x.Exprs) {
			break
		}
		items := u.AsValueSlice()
		for i, it := range x.Exprs {
			items[i] = e.markWritten(it, items[i], ctx, depth+1)
		}
		if len(items) == 0 {
			return v
		}
		return cty.TupleVal(items).WithMarks(marks)
	case *hclsyntax.ScopeTraversalExpr:
		switch x.Traversal.RootName() {
		case "var":
			return v
		case "local":
			if decl := e.localDecl[stepName(x.Traversal, 1)]; decl != nil && len(x.Traversal) == 2 {
				return e.markWritten(decl.Expr, v, e.ctx, depth+1)
			}
		}
	}
	r := expr.StartRange()
	return markLeaves(v, tree.Place{File: r.Filename, Line: r.Start.Line, Col: r.Start.Column}, depth)
}

// markLeaves marks each known leaf of v that no caller's mark holds yet
// as written at p.
func markLeaves(v cty.Value, p tree.Place, depth int) cty.Value {
	if depth > maxMarkDepth || !v.IsKnown() || v.IsNull() {
		return v
	}
	u, marks := v.Unmark()
	ty := u.Type()
	switch {
	case ty.IsPrimitiveType():
		if hasWritten(marks) {
			return v
		}
		text, err := ctyString(u)
		if err != nil {
			return v
		}
		return v.Mark(written{at: p, text: text})
	case ty.IsObjectType():
		attrs := u.AsValueMap()
		for k, av := range attrs {
			attrs[k] = markLeaves(av, p, depth+1)
		}
		return objectOf(attrs).WithMarks(marks)
	case ty.IsTupleType() || ty.IsListType():
		items := u.AsValueSlice()
		if len(items) == 0 {
			return v
		}
		for i := range items {
			items[i] = markLeaves(items[i], p, depth+1)
		}
		if ty.IsListType() {
			return cty.ListVal(items).WithMarks(marks)
		}
		return cty.TupleVal(items).WithMarks(marks)
	case ty.IsMapType():
		m := u.AsValueMap()
		if len(m) == 0 {
			return v
		}
		for k, av := range m {
			m[k] = markLeaves(av, p, depth+1)
		}
		return cty.MapVal(m).WithMarks(marks)
	}
	// A set holds no marks of its own elements.
	return v
}

// hasWritten reports whether marks say where a leaf was written (not only
// the object it was read from).
func hasWritten(marks cty.ValueMarks) bool {
	for m := range marks {
		if w, ok := m.(written); ok && w.text != objectText {
			return true
		}
	}
	return false
}

// objectsWritten adds to places the objects a caller wrote whose marks
// are among marks.
func objectsWritten(marks cty.ValueMarks, places []tree.Place) []tree.Place {
	for m := range marks {
		if w, ok := m.(written); ok && w.text == objectText {
			places = append(places, w.at)
		}
	}
	return places
}

// builtFrom is the object a caller wrote that an object was built from,
// given, for each of its values that a caller wrote or that was read from
// what a caller wrote, the objects it was read from: the innermost one
// (the one that starts last: objects nest) that at least two of them and
// at least half of them were read from (the module's own values, its
// defaults, do not count); nil when there is none.
func builtFrom(sets [][]tree.Place) *tree.Place {
	count := map[tree.Place]int{}
	for _, s := range sets {
		for _, p := range s {
			count[p]++
		}
	}
	var best *tree.Place
	for p, n := range count {
		if n < 2 || 2*n < len(sets) {
			continue
		}
		if best == nil || p.File == best.File && (p.Line > best.Line || p.Line == best.Line && p.Col > best.Col) ||
			p.File != best.File && p.File < best.File {
			q := p
			best = &q
		}
	}
	return best
}

// encoded marks the text jsonencode made of a value holding values a
// module's caller wrote: the nodes decoded from that text are the value's,
// which say where each was written. A text built from it (a template
// around it) has the mark but not the text, and is only text.
type encoded struct {
	text string
	from cty.Value
}

// hasWrittenAnywhere reports whether marks (of a value and its parts) say
// where a caller wrote one of them.
func hasWrittenAnywhere(marks cty.ValueMarks) bool {
	for m := range marks {
		if _, ok := m.(written); ok {
			return true
		}
	}
	return false
}

// encodedFrom is the value a text with these marks was encoded from, when
// it is that value's text.
func encodedFrom(marks cty.ValueMarks, text string) (cty.Value, bool) {
	for m := range marks {
		if e, ok := m.(*encoded); ok && e.text == text {
			return e.from, true
		}
	}
	return cty.NilVal, false
}

// writtenAt is where a caller wrote the leaf whose unmarked text is text,
// from its marks; nil when no mark is of that text, or marks of that text
// disagree.
func writtenAt(marks cty.ValueMarks, text string) *tree.Place {
	var at *tree.Place
	for m := range marks {
		w, ok := m.(written)
		if !ok || w.text != text {
			continue
		}
		if at != nil && *at != w.at {
			return nil
		}
		p := w.at
		at = &p
	}
	return at
}
