package terraform

import (
	"maps"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// maxDynamic bounds how many blocks one dynamic block expands to, and
// maxDynamicTotal all dynamic blocks of a root module together.
const (
	maxDynamic      = 1000
	maxDynamicTotal = 20000
)

// metaAttrs are resource meta-arguments, not properties.
var metaAttrs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

// metaBlocks are resource meta-blocks, not properties.
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// bodyNode evaluates a block body into a mapping: attributes become keys
// holding their values, nested blocks become lists of mappings under the
// block type (Terraform's own shape), dynamic blocks are expanded.
func (e *modEval) bodyNode(b hcl.Body, ctx *hcl.EvalContext, line, col int, top bool) *tree.Node {
	if mb, ok := b.(*mergedBody); ok {
		return e.mergedNode(mb, ctx, line, col, top)
	}
	n := &tree.Node{Kind: tree.Map, Line: line, Col: col}
	sb, ok := b.(*hclsyntax.Body)
	if !ok {
		attrs, _ := b.JustAttributes()
		for _, at := range sortedAttrs(attrs) {
			if (top && metaAttrs[at.Name]) || at.Name == "dynamic" || (top && metaBlocks[at.Name]) {
				continue
			}
			n.Pairs = append(n.Pairs, pairOf(keyNode(at.Name, at.NameRange), e.exprNode(at.Expr, ctx)))
		}
		return n
	}
	items := e.a.bodyItems(sb)
	var keys keySlab
	if len(items) > 0 {
		n.Pairs = make([]tree.Pair, 0, len(items))
		keys = make(keySlab, len(sb.Attributes))
	}
	var groups map[string]*tree.Node
	addBlock := func(typ string, rng hcl.Range, body *tree.Node) {
		g := groups[typ]
		if g == nil {
			g = &tree.Node{Kind: tree.Seq, Line: rng.Start.Line, Col: rng.Start.Column}
			if groups == nil {
				groups = map[string]*tree.Node{}
			}
			groups[typ] = g
			n.Pairs = append(n.Pairs, tree.Pair{Key: keys.key(typ, rng), Value: g})
		}
		if g.Kind == tree.Unknown {
			return
		}
		if body == nil {
			// A dynamic block over an unknown collection: how many blocks
			// there are, and what they hold, is not known.
			g.Kind, g.Items = tree.Unknown, nil
			return
		}
		g.Items = append(g.Items, body)
	}
	for _, it := range items {
		if it.attr != nil {
			if top && metaAttrs[it.attr.Name] {
				continue
			}
			n.Pairs = append(n.Pairs, pairOf(keys.key(it.attr.Name, it.attr.NameRange), e.exprNode(it.attr.Expr, ctx)))
			continue
		}
		blk := it.blk
		if top && metaBlocks[blk.Type] {
			continue
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			typ := blk.Labels[0]
			bodies, known := e.dynamic(blk, ctx)
			if !known {
				addBlock(typ, blk.TypeRange, nil)
			}
			for _, body := range bodies {
				addBlock(typ, blk.TypeRange, body)
			}
			continue
		}
		addBlock(blk.Type, blk.TypeRange, e.bodyNode(blk.Body, ctx, blk.TypeRange.Start.Line, blk.TypeRange.Start.Column, false))
	}
	return n
}

// bodyItem is an attribute or a block of a body.
type bodyItem struct {
	start int
	attr  *hclsyntax.Attribute
	blk   *hclsyntax.Block
}

// bodyItems are the attributes and blocks of a body in source order, sorted
// once per body however many instances and passes evaluate it.
func (a *adapter) bodyItems(sb *hclsyntax.Body) []bodyItem {
	if items, ok := a.bodies[sb]; ok {
		return items
	}
	items := make([]bodyItem, 0, len(sb.Attributes)+len(sb.Blocks))
	for _, at := range sb.Attributes {
		items = append(items, bodyItem{start: at.SrcRange.Start.Byte, attr: at})
	}
	for _, blk := range sb.Blocks {
		items = append(items, bodyItem{start: blk.TypeRange.Start.Byte, blk: blk})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].start < items[j].start })
	if a.bodies == nil {
		a.bodies = map[*hclsyntax.Body][]bodyItem{}
	}
	a.bodies[sb] = items
	return items
}

// pairOf pairs a key with its value; a value the module's caller wrote
// places its key there too (decoders place a property at its key).
func pairOf(key, val *tree.Node) tree.Pair {
	if val != nil && val.Caller != nil {
		key.Caller = val.Caller
	}
	return tree.Pair{Key: key, Value: val}
}

func keyNode(name string, r hcl.Range) *tree.Node {
	return &tree.Node{Kind: tree.Scalar, Value: name, Line: r.Start.Line, Col: r.Start.Column}
}

// keySlab hands out the key nodes of one mapping from one allocation made
// for as many keys as the mapping can have (fewer objects for the garbage
// collector); past its size, keys are allocated one by one.
type keySlab []tree.Node

func (k *keySlab) key(name string, r hcl.Range) *tree.Node {
	if len(*k) == 0 {
		return keyNode(name, r)
	}
	n := &(*k)[0]
	*k = (*k)[1:]
	*n = tree.Node{Kind: tree.Scalar, Value: name, Line: r.Start.Line, Col: r.Start.Column}
	return n
}

// dynamic expands a dynamic block: one body per element of for_each, with
// the iterator (named after the block, or by iterator = x) in scope. known
// is false when the collection is unknown.
func (e *modEval) dynamic(blk *hclsyntax.Block, ctx *hcl.EvalContext) (bodies []*tree.Node, known bool) {
	iter := blk.Labels[0]
	var forEach hcl.Expression
	if at := blk.Body.Attributes["for_each"]; at != nil {
		forEach = at.Expr
	}
	if at := blk.Body.Attributes["iterator"]; at != nil {
		if kw := hcl.ExprAsKeyword(at.Expr); kw != "" {
			iter = kw
		}
	}
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if content == nil || forEach == nil {
		return nil, true
	}
	coll, _ := e.value(e.branch(forEach, ctx), ctx)
	coll, _ = coll.Unmark()
	if !coll.IsKnown() || e.a.dynamicBudget <= 0 {
		return nil, false
	}
	if coll.IsNull() || !coll.CanIterateElements() {
		return nil, true
	}
	line, col := blk.TypeRange.Start.Line, blk.TypeRange.Start.Column
	for it := coll.ElementIterator(); it.Next() && len(bodies) < maxDynamic; {
		k, v := it.Element()
		if coll.Type().IsSetType() {
			k, _ = v.Unmark()
		}
		if e.a.dynamicBudget--; e.a.dynamicBudget < 0 {
			return nil, false
		}
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})}
		bodies = append(bodies, e.bodyNode(content.Body, child, line, col, false))
	}
	return bodies, true
}

// exprNode evaluates an expression into a node. Object and tuple
// constructors (also inside jsonencode) are walked so that each property
// keeps its own line; everything else is evaluated and placed on the
// expression's line. Unknown results keep the resources they refer to.
func (e *modEval) exprNode(expr hcl.Expression, ctx *hcl.EvalContext) *tree.Node {
	r := expr.StartRange()
	line, col := r.Start.Line, r.Start.Column
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		n := &tree.Node{Kind: tree.Map, Line: line, Col: col, Pairs: make([]tree.Pair, 0, len(x.Items))}
		keys := make(keySlab, len(x.Items))
		for _, it := range x.Items {
			key, ok := e.objectKey(it, ctx)
			if !ok {
				continue
			}
			n.Pairs = append(n.Pairs, pairOf(keys.key(key, it.KeyExpr.Range()), e.exprNode(it.ValueExpr, ctx)))
		}
		if len(n.Pairs) > 0 {
			// Like a YAML mapping, an object is placed at its first key.
			n.Line, n.Col = n.Pairs[0].Key.Line, n.Pairs[0].Key.Col
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &tree.Node{Kind: tree.Seq, Line: line, Col: col, Items: make([]*tree.Node, 0, len(x.Exprs))}
		for _, it := range x.Exprs {
			n.Items = append(n.Items, e.exprNode(it, ctx))
		}
		return n
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "jsonencode" && len(x.Args) == 1 && !x.ExpandFinal {
			return e.exprNode(x.Args[0], ctx)
		}
		if n := e.mergeNode(x, ctx); n != nil {
			return n
		}
	case *hclsyntax.ParenthesesExpr:
		return e.exprNode(x.Expression, ctx)
	case *hclsyntax.TemplateWrapExpr:
		return e.exprNode(x.Wrapped, ctx)
	case *hclsyntax.ConditionalExpr:
		c, _ := e.value(x.Condition, ctx)
		c, _ = c.Unmark()
		if c.IsKnown() && !c.IsNull() && c.Type() == cty.Bool {
			if c.True() {
				return e.exprNode(x.TrueResult, ctx)
			}
			return e.exprNode(x.FalseResult, ctx)
		}
		if !c.IsKnown() {
			key, label, negate, ok := e.condKey(x.Condition)
			if ok {
				e.a.touch()
			}
			if v, forced := e.a.forced[key]; ok && forced {
				if v != negate {
					return e.exprNode(x.TrueResult, ctx)
				}
				return e.exprNode(x.FalseResult, ctx)
			}
			t, f := e.exprNode(x.TrueResult, ctx), e.exprNode(x.FalseResult, ctx)
			if t.Kind == tree.Scalar && f.Kind == tree.Scalar && t.Value == f.Value {
				return t
			}
			if ok {
				e.a.noteCond(key, label, x.Condition.Range())
			}
		}
	case *hclsyntax.LiteralValueExpr:
		// Literals, most leaves of a resource, need nothing of what
		// value does for other expressions.
		return valueNode(x.Val, line, col, nil)
	case *hclsyntax.TemplateExpr:
		if s, ok := literalString(x); ok {
			return valueNode(s, line, col, nil)
		}
		return e.templateNode(x, ctx)
	case *hclsyntax.ScopeTraversalExpr:
		if n := e.localNode(x); n != nil {
			return n
		}
		if p := e.callerPlace(x.Traversal); p != nil {
			n := e.evalNode(expr, ctx, line, col)
			markCaller(n, p)
			return n
		}
	}
	return e.evalNode(expr, ctx, line, col)
}

// objectKey is the key of an item of an object constructor: a bare word,
// or an expression whose value is a known string (ok is false otherwise).
func (e *modEval) objectKey(it hclsyntax.ObjectConsItem, ctx *hcl.EvalContext) (string, bool) {
	if key := hcl.ExprAsKeyword(it.KeyExpr); key != "" {
		return key, true
	}
	if k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
		if t, ok := k.Wrapped.(*hclsyntax.TemplateExpr); ok {
			if s, ok := literalString(t); ok {
				return s.AsString(), true
			}
		}
	}
	kv, _ := e.value(it.KeyExpr, ctx)
	kv, _ = kv.Unmark()
	if !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
		return "", false
	}
	return kv.AsString(), true
}

// literalString is the value of a quoted string without interpolations, as
// evaluating it gives it; false for other templates, and for a literal too
// long for one value (maxValueSize), which value leaves unknown.
func literalString(x *hclsyntax.TemplateExpr) (cty.Value, bool) {
	if len(x.Parts) != 1 {
		return cty.NilVal, false
	}
	lit, ok := x.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String || !lit.Val.IsKnown() || lit.Val.IsNull() || lit.Val.IsMarked() {
		return cty.NilVal, false
	}
	if len(lit.Val.AsString()) > maxValueSize-elementSize {
		return cty.NilVal, false
	}
	// The part's own value: the same text, without a copy of it.
	return lit.Val, true
}

// evalNode evaluates an expression into a node placed at line:col.
func (e *modEval) evalNode(expr hcl.Expression, ctx *hcl.EvalContext, line, col int) *tree.Node {
	v, _ := e.value(expr, ctx)
	if !v.IsKnown() {
		if known, ok := e.partialOf(expr); ok {
			return &tree.Node{Kind: tree.Unknown, Value: known, Partial: true, Line: line, Col: col, Refs: e.refsOf(expr)}
		}
	}
	var refs []tree.Ref
	if !v.IsWhollyKnown() {
		refs = e.refsOf(expr) // only unknown parts keep them
	}
	return valueNode(v, line, col, refs)
}

// partialOf gives the known shape of an attribute AWS computes from known
// arguments: a repository URL is the account's registry and the repository
// name, so an image "${aws_ecr_repository.app.repository_url}:1.2" is an ECR
// image whose only unknowns are the account and region.
func (e *modEval) partialOf(expr hcl.Expression) (string, bool) {
	st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if ok && len(st.Traversal) == 2 && st.Traversal.RootName() == "local" {
		name := stepName(st.Traversal, 1)
		if e.localTaint[name] {
			e.a.touch()
		}
		known, ok := e.localPartial[name]
		return known, ok
	}
	if !ok || len(st.Traversal) != 3 {
		return "", false
	}
	typ, name, attr := st.Traversal.RootName(), stepName(st.Traversal, 1), stepName(st.Traversal, 2)
	var nameArg, format string
	switch {
	case typ == "aws_ecr_repository" && attr == "repository_url":
		nameArg, format = "name", tree.Hole+".dkr.ecr."+tree.Hole+".amazonaws.com/"
	case typ == "aws_ecrpublic_repository" && attr == "repository_uri":
		nameArg, format = "repository_name", "public.ecr.aws/"+tree.Hole+"/"
	default:
		return "", false
	}
	r := e.decl[typ+"."+name]
	if r == nil || r.count != nil || r.forEach != nil {
		return "", false
	}
	attrs, _ := r.body.JustAttributes()
	at := attrs[nameArg]
	if at == nil {
		return "", false
	}
	v, _ := e.value(at.Expr, e.ctx)
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return format + v.AsString(), true
}

// maxLocalWalks bounds how many locals one module's resources walk through:
// locals that each refer twice to the one before would otherwise be walked
// a number of times exponential in their count. Past it, a local's value
// is used, without its lines.
const maxLocalWalks = 1 << 14

// localNode walks the expression of a local written in the file being
// decoded (local.containers in jsonencode(local.containers)), so that what
// it holds keeps its own lines; nil for other references.
func (e *modEval) localNode(x *hclsyntax.ScopeTraversalExpr) *tree.Node {
	if len(x.Traversal) != 2 || x.Traversal.RootName() != "local" {
		return nil
	}
	name := stepName(x.Traversal, 1)
	decl := e.localDecl[name]
	if decl == nil || e.walkingLocal[name] || e.localWalks >= maxLocalWalks {
		return nil
	}
	e.localWalks++
	other := decl.Range.Filename != e.curFile
	if other {
		// A local of another file is walked only when its value is not
		// wholly known, for the conditionals it may hold on variables
		// without a value; what it holds is placed on the reference.
		e.ensureLocal(name)
		if e.localTaint[name] {
			e.a.touch()
		}
		if v, ok := e.locals[name]; !ok || v.IsWhollyKnown() {
			return nil
		}
	}
	e.walkingLocal[name] = true
	defer delete(e.walkingLocal, name)
	n := e.exprNode(decl.Expr, e.ctx)
	if other {
		r := x.StartRange()
		relocate(n, r.Start.Line, r.Start.Column)
	}
	return n
}

// mergeNode walks merge() of objects and concat() of lists, so that the
// literal arguments keep their lines and partly known values; nil when an
// argument is not an object (or list) known in shape.
func (e *modEval) mergeNode(x *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext) *tree.Node {
	var want tree.Kind
	switch x.Name {
	case "merge":
		want = tree.Map
	case "concat":
		want = tree.Seq
	}
	if want == tree.Null || len(x.Args) == 0 || x.ExpandFinal {
		return nil
	}
	r := x.StartRange()
	out := &tree.Node{Kind: want, Line: r.Start.Line, Col: r.Start.Column}
	for _, arg := range x.Args {
		n := e.exprNode(arg, ctx)
		if n.Kind == tree.Null {
			continue
		}
		if n.Kind != want {
			return nil
		}
		if want == tree.Seq {
			out.Items = append(out.Items, n.Items...)
			continue
		}
		for _, p := range n.Pairs {
			replaced := false
			for i := range out.Pairs {
				if out.Pairs[i].Key.Value == p.Key.Value {
					out.Pairs[i] = p
					replaced = true
				}
			}
			if !replaced {
				out.Pairs = append(out.Pairs, p)
			}
		}
	}
	return out
}

// templateNode evaluates a string template; when some parts are unknown the
// result is partly known, with a hole for each unknown part.
func (e *modEval) templateNode(x *hclsyntax.TemplateExpr, ctx *hcl.EvalContext) *tree.Node {
	r := x.StartRange()
	v, _ := e.value(x, ctx)
	if v.IsWhollyKnown() {
		return valueNode(v, r.Start.Line, r.Start.Column, nil)
	}
	text := ""
	for _, p := range x.Parts {
		if len(text) > maxValueSize {
			break
		}
		pv, _ := e.value(p, ctx)
		pv, _ = pv.Unmark() // a primitive, or not used as text
		if pv.IsKnown() && !pv.IsNull() && pv.Type() == cty.String {
			text += pv.AsString()
			continue
		}
		if pv.IsKnown() && !pv.IsNull() && pv.Type().IsPrimitiveType() {
			if s, err := ctyString(pv); err == nil {
				text += s
				continue
			}
		}
		if known, ok := e.partialOf(p); ok {
			text += known
			continue
		}
		text += tree.Hole
	}
	if len(text) > maxValueSize {
		// Partly known locals that double at each step: the known text
		// is not kept, so that the next step starts small again.
		return &tree.Node{Kind: tree.Unknown, Line: r.Start.Line, Col: r.Start.Column, Refs: e.refsOf(x)}
	}
	return &tree.Node{Kind: tree.Unknown, Value: text, Partial: true, Line: r.Start.Line, Col: r.Start.Column, Refs: e.refsOf(x)}
}

// valueNode converts a cty value into a node placed at line:col. Leaves a
// module's caller wrote (see provenance.go) carry the caller's place.
func valueNode(v cty.Value, line, col int, refs []tree.Ref) *tree.Node {
	n := &tree.Node{}
	convertValue(n, v, line, col, refs, 0, v.ContainsMarked())
	return n
}

// convertValue converts v into *n. The nodes of a list's items, or of a
// mapping's keys and values, come from one allocation.
func convertValue(n *tree.Node, v cty.Value, line, col int, refs []tree.Ref, depth int, marked bool) {
	var marks cty.ValueMarks
	if marked {
		v, marks = v.Unmark()
	}
	if !v.IsKnown() || depth > 64 {
		*n = tree.Node{Kind: tree.Unknown, Line: line, Col: col, Refs: refs}
		return
	}
	if v.IsNull() {
		*n = tree.Node{Kind: tree.Null, Line: line, Col: col}
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if from, ok := encodedFrom(marks, v.AsString()); ok {
			// jsonencode of values a caller wrote: decoded as the value,
			// so that each part keeps where it was written.
			convertValue(n, from, line, col, refs, depth+1, true)
			return
		}
		if s := v.AsString(); strings.Contains(s, tree.Hole) {
			// Text built around unknown leaves (jsonencode): partly known.
			*n = tree.Node{Kind: tree.Unknown, Value: s, Partial: true, Line: line, Col: col, Refs: refs}
			return
		}
		*n = tree.Node{Kind: tree.Scalar, Type: tree.Str, Value: v.AsString(), Line: line, Col: col}
	case ty == cty.Bool:
		s := "false"
		if v.True() {
			s = "true"
		}
		*n = tree.Node{Kind: tree.Scalar, Type: tree.Bool, Value: s, Line: line, Col: col}
	case ty == cty.Number:
		s, _ := ctyString(v)
		t := tree.Float
		if _, acc := v.AsBigFloat().Int64(); acc == 0 {
			t = tree.Int
		}
		*n = tree.Node{Kind: tree.Scalar, Type: t, Value: s, Line: line, Col: col}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		kids := make([]tree.Node, v.LengthInt())
		*n = tree.Node{Kind: tree.Seq, Line: line, Col: col, Items: make([]*tree.Node, 0, len(kids))}
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			kid := &kids[len(n.Items)]
			convertValue(kid, el, line, col, refs, depth+1, marked)
			n.Items = append(n.Items, kid)
		}
		if marked {
			n.Caller = sameCaller(n.Items)
		}
		return
	case ty.IsMapType() || ty.IsObjectType():
		// An object's attributes are read by name, in the order of their
		// names (as its element iterator gives them), without the key
		// value the iterator makes for each.
		var names []string
		if ty.IsObjectType() {
			names = slices.Sorted(maps.Keys(ty.AttributeTypes()))
		}
		size := v.LengthInt()
		kids := make([]tree.Node, 2*size) // keys, then values
		*n = tree.Node{Kind: tree.Map, Line: line, Col: col, Pairs: make([]tree.Pair, 0, size)}
		var vals []*tree.Node
		var objs [][]tree.Place
		var it cty.ElementIterator
		if names == nil {
			it = v.ElementIterator()
		}
		for i := 0; ; i++ {
			var key string
			var el cty.Value
			if names != nil {
				if i >= len(names) {
					break
				}
				key, el = names[i], v.GetAttr(names[i])
			} else {
				if !it.Next() {
					break
				}
				var k cty.Value
				k, el = it.Element()
				key = k.AsString()
			}
			if marked {
				_, em := el.Unmark()
				if hasWrittenAnywhere(em) {
					objs = append(objs, objectsWritten(em, nil))
				}
			}
			k, val := &kids[len(n.Pairs)], &kids[size+len(n.Pairs)]
			convertValue(val, el, line, col, refs, depth+1, marked)
			*k = tree.Node{Kind: tree.Scalar, Value: key, Line: line, Col: col, Caller: val.Caller}
			n.Pairs = append(n.Pairs, tree.Pair{Key: k, Value: val})
			if marked {
				vals = append(vals, val)
			}
		}
		if marked {
			n.Caller = sameCaller(vals)
			if n.Caller == nil {
				// Built from one object the caller wrote: a setting it
				// lacks is added there.
				n.Caller = builtFrom(objs)
			}
		}
		return
	default:
		*n = tree.Node{Kind: tree.Unknown, Line: line, Col: col, Refs: refs}
		return
	}
	if len(marks) > 0 {
		n.Caller = writtenAt(marks, n.Value)
	}
}

// sameCaller is the place of the first of nodes when a module's caller
// wrote them all (in one file): a list or object wholly written by the
// caller is the caller's too.
func sameCaller(nodes []*tree.Node) *tree.Place {
	if len(nodes) == 0 || nodes[0].Caller == nil {
		return nil
	}
	first := nodes[0].Caller
	for _, n := range nodes[1:] {
		if n.Caller == nil || n.Caller.File != first.File {
			return nil
		}
		if n.Caller.Line < first.Line || n.Caller.Line == first.Line && n.Caller.Col < first.Col {
			first = n.Caller
		}
	}
	return first
}

// ctyString renders a known primitive as Terraform would in a template.
func ctyString(v cty.Value) (string, error) {
	switch v.Type() {
	case cty.String:
		return v.AsString(), nil
	case cty.Bool:
		if v.True() {
			return "true", nil
		}
		return "false", nil
	case cty.Number:
		f := v.AsBigFloat()
		if i, acc := f.Int64(); acc == big.Exact {
			return strconv.FormatInt(i, 10), nil // ports, sizes, counts: skip the slow general path
		}
		return f.Text('f', -1), nil
	}
	return "", errNotPrimitive
}

// nodeValue converts a node back into a cty value (for data sources whose
// result other expressions read); unknown nodes become unknown values.
func nodeValue(n *tree.Node) cty.Value {
	switch {
	case n == nil || n.Kind == tree.Null:
		return cty.NullVal(cty.DynamicPseudoType)
	case n.Kind == tree.Scalar:
		return cty.StringVal(n.Value)
	case n.Kind == tree.Seq:
		if len(n.Items) == 0 {
			return cty.EmptyTupleVal
		}
		var items []cty.Value
		for _, it := range n.Items {
			items = append(items, nodeValue(it))
		}
		return cty.TupleVal(items)
	case n.Kind == tree.Map:
		m := map[string]cty.Value{}
		for _, p := range n.Pairs {
			m[p.Key.Value] = nodeValue(p.Value)
		}
		return objectOf(m)
	}
	return cty.DynamicVal
}
