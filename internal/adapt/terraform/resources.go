package terraform

import (
	"errors"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

var errNotPrimitive = errors.New("not a primitive value")

// maxInstances bounds how many instances count or for_each expand to.
const maxInstances = 256

// instance is one instance of a resource or module call: its address
// suffix and the count/each values in scope.
type instance struct {
	key string
	ctx *hcl.EvalContext
	// index is the count index or for_each key; unset for a single instance
	// or an unknown collection.
	index cty.Value
}

// expansion says how a resource or module call is repeated.
type expansion int

const (
	single expansion = iota
	byCount
	byKey
	unknownRepeat
)

// unknownCountVal and unknownEachVal are count and each of an instance of
// an unknown collection.
var (
	unknownCountVal = cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})
	unknownEachVal  = cty.ObjectVal(map[string]cty.Value{"key": cty.DynamicVal, "value": cty.DynamicVal})
)

// instances expands count and for_each. Unknown collections give one
// instance whose count.index / each values are unknown.
func (e *modEval) instances(count, forEach hcl.Expression) ([]instance, expansion) {
	mk := func(key string, vars map[string]cty.Value) instance {
		ctx := e.ctx.NewChild()
		ctx.Variables = vars
		return instance{key: key, ctx: ctx}
	}
	count, forEach = e.branch(count, e.ctx), e.branch(forEach, e.ctx)
	switch {
	case count != nil:
		v, _ := e.value(count, e.ctx)
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			return []instance{mk("", map[string]cty.Value{"count": unknownCountVal})}, unknownRepeat
		}
		n, acc := v.AsBigFloat().Int64()
		if acc != 0 || n < 0 {
			return []instance{mk("", map[string]cty.Value{"count": unknownCountVal})}, unknownRepeat
		}
		if n > maxInstances {
			n = maxInstances
		}
		var out []instance
		for i := int64(0); i < n; i++ {
			in := mk("["+itoa(i)+"]", map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(i)})})
			in.index = cty.NumberIntVal(i)
			out = append(out, in)
		}
		return out, byCount
	case forEach != nil:
		v, _ := e.value(forEach, e.ctx)
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() || !v.IsWhollyKnown() && v.Type().IsSetType() {
			return []instance{mk("", map[string]cty.Value{"each": unknownEachVal})}, unknownRepeat
		}
		var out []instance
		for it := v.ElementIterator(); it.Next() && len(out) < maxInstances; {
			k, val := it.Element()
			if v.Type().IsSetType() {
				k, _ = val.Unmark()
			}
			if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
				return []instance{mk("", map[string]cty.Value{"each": unknownEachVal})}, unknownRepeat
			}
			in := mk(instanceKey(k), map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})})
			in.index = k
			out = append(out, in)
		}
		return out, byKey
	}
	return []instance{{ctx: e.ctx}}, single
}

// decodeResource evaluates every instance of a resource and decodes it.
func (e *modEval) decodeResource(r *resourceDecl) {
	dec := decoders[r.typ]
	if dec == nil {
		return
	}
	base := e.prefix + r.typ + "." + r.name
	if r.mode == "data" {
		base = e.prefix + "data." + r.typ + "." + r.name
	}
	key := resKey{r: r, prefix: e.prefix}
	if e.a.share.replaying && e.reuse(e.a.share.resources[key]) {
		return
	}
	u := e.a.startUnit()
	defer func() {
		if s := e.a.done(u, e.tainted); s != nil {
			if e.a.share.resources == nil {
				e.a.share.resources = map[resKey]*shared{}
			}
			e.a.share.resources[key] = s
		}
	}()
	insts, how := e.instances(r.count, r.forEach)
	e.curFile = r.file
	defer func() { e.curFile, e.eachRefs = "", nil }()
	iterated := e.iteratedResource(r.forEach)
	for _, in := range insts {
		e.eachRefs = nil
		switch {
		case iterated != "" && how == byKey:
			e.eachRefs = []tree.Ref{{Target: iterated + in.key}}
		case r.forEach != nil:
			e.eachRefs = e.refsOf(r.forEach)
		}
		props := e.bodyNode(r.body, in.ctx, r.rng.Start.Line, r.rng.Start.Column, true)
		e.a.record(r, base+in.key, props)
		e.noteUnresolved(r, base+in.key, props)
		meta := awsres.Meta(base+in.key, r.typ, model.Terraform, posOf(r.file, r.rng))
		dec(awsres.Decoder{File: r.file}, meta, props, e.b)
	}
}

// iteratedResource is the address of the resource a for_each iterates
// directly (for_each = aws_ecr_repository.all), or "".
func (e *modEval) iteratedResource(forEach hcl.Expression) string {
	st, ok := forEach.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 2 {
		return ""
	}
	typ, name := st.Traversal.RootName(), stepName(st.Traversal, 1)
	if !e.resTypes[typ][name] {
		return ""
	}
	return e.prefix + typ + "." + name
}

// ensureData evaluates a data source other expressions read. Only
// aws_iam_policy_document is computed (into its json attribute, as an
// object the policy decoders read); others stay unknown.
func (e *modEval) ensureData(typ, name string) {
	key := typ + "." + name
	r := e.dataDecl[key]
	if r == nil || e.dataSt[key] != todo {
		return
	}
	e.dataSt[key] = visiting
	t0 := e.a.share.touches
	defer func() {
		e.dataSt[key] = done
		e.a.taint(&e.dataTaint, key, t0)
	}()
	if typ != "aws_iam_policy_document" {
		return
	}
	render := func(ctx *hcl.EvalContext) cty.Value {
		props := e.bodyNode(r.body, ctx, r.rng.Start.Line, r.rng.Start.Column, true)
		doc := policyDocument(props)
		return cty.ObjectVal(map[string]cty.Value{
			"json": doc, "minified_json": doc, "id": cty.UnknownVal(cty.String),
		})
	}
	// Repeated documents (count = var.create ? 1 : 0) are rendered per
	// instance, as Terraform addresses them: [0], ["key"].
	insts, how := e.instances(r.count, r.forEach)
	switch how {
	case single:
		e.data[typ][name] = render(e.ctx)
	case byCount:
		vals := make([]cty.Value, 0, len(insts))
		for _, in := range insts {
			vals = append(vals, render(in.ctx))
		}
		e.data[typ][name] = cty.EmptyTupleVal
		if len(vals) > 0 {
			e.data[typ][name] = cty.TupleVal(vals)
		}
	case byKey:
		m := map[string]cty.Value{}
		for _, in := range insts {
			m[in.index.AsString()] = render(in.ctx)
		}
		e.data[typ][name] = objectOf(m)
	default:
		return
	}
	e.refreshData()
}

// policyDocument turns the arguments of an aws_iam_policy_document data
// source into the policy document they render.
func policyDocument(p *tree.Node) cty.Value {
	var stmts []*tree.Node
	for _, src := range []string{"source_policy_documents", "source_json"} {
		for _, d := range p.Field(src).List() {
			if d.Kind == tree.Map {
				stmts = append(stmts, d.Field("Statement").List()...)
			}
		}
	}
	for _, s := range p.Field("statement").List() {
		if s.Kind != tree.Map {
			continue
		}
		out := &tree.Node{Kind: tree.Map, Line: s.Line}
		put := func(k string, v *tree.Node) {
			if v != nil {
				out.Pairs = append(out.Pairs, tree.Pair{Key: &tree.Node{Kind: tree.Scalar, Value: k}, Value: v})
			}
		}
		put("Sid", s.Field("sid"))
		effect := s.Field("effect")
		if effect == nil {
			effect = &tree.Node{Kind: tree.Scalar, Value: "Allow"}
		}
		put("Effect", effect)
		put("Action", s.Field("actions"))
		put("NotAction", s.Field("not_actions"))
		put("Resource", s.Field("resources"))
		put("NotResource", s.Field("not_resources"))
		for _, pk := range [][2]string{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
			if list := s.Field(pk[0]); list != nil {
				put(pk[1], principals(list))
			}
		}
		if conds := s.Field("condition"); conds != nil {
			c := &tree.Node{Kind: tree.Map}
			for _, cn := range conds.List() {
				test, _ := cn.Field("test").Text()
				variable, _ := cn.Field("variable").Text()
				c.Pairs = append(c.Pairs, tree.Pair{
					Key:   &tree.Node{Kind: tree.Scalar, Value: test},
					Value: &tree.Node{Kind: tree.Map, Pairs: []tree.Pair{{Key: &tree.Node{Kind: tree.Scalar, Value: variable}, Value: cn.Field("values")}}},
				})
			}
			put("Condition", c)
		}
		stmts = append(stmts, out)
	}
	doc := &tree.Node{Kind: tree.Map, Pairs: []tree.Pair{
		{Key: &tree.Node{Kind: tree.Scalar, Value: "Version"}, Value: &tree.Node{Kind: tree.Scalar, Value: "2012-10-17"}},
		{Key: &tree.Node{Kind: tree.Scalar, Value: "Statement"}, Value: &tree.Node{Kind: tree.Seq, Items: stmts}},
	}}
	return nodeValue(doc)
}

// principals renders principals blocks as {"AWS": [...], "Service": [...]};
// type "*" with identifiers ["*"] is the wildcard principal.
func principals(list *tree.Node) *tree.Node {
	out := &tree.Node{Kind: tree.Map}
	for _, p := range list.List() {
		typ, ok := p.Field("type").Text()
		if !ok {
			return &tree.Node{Kind: tree.Unknown}
		}
		ids := p.Field("identifiers")
		if typ == "*" {
			return &tree.Node{Kind: tree.Scalar, Value: "*"}
		}
		if ex := out.Get(typ); ex != nil {
			ex.Items = append(ex.Items, ids.List()...)
			continue
		}
		out.Pairs = append(out.Pairs, tree.Pair{Key: &tree.Node{Kind: tree.Scalar, Value: typ}, Value: &tree.Node{Kind: tree.Seq, Items: append([]*tree.Node{}, ids.List()...)}})
	}
	return out
}
