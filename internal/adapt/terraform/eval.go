package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// state of a lazily evaluated named value.
const (
	todo = iota
	visiting
	done
)

// modEval evaluates one module instance.
type modEval struct {
	a      *adapter
	m      *module
	prefix string // "module.ecs." for a child module, "" for the root
	depth  int
	stack  []string
	b      *builder

	ctx  *hcl.EvalContext
	vars map[string]cty.Value
	// inputs are the expressions the caller gave the module's variables,
	// evaluated in caller, for the references they hold.
	inputs    map[string]hcl.Expression
	caller    *modEval
	refDepth  int
	locals    map[string]cty.Value
	localRefs map[string][]tree.Ref
	localDecl map[string]*hcl.Attribute
	localSt   map[string]int
	data      map[string]map[string]cty.Value
	dataSt    map[string]int
	dataDecl  map[string]*resourceDecl
	modules   map[string]cty.Value
	modSt     map[string]int
	modDecl   map[string]*moduleDecl
	resTypes  map[string]map[string]bool
	decl      map[string]*resourceDecl // managed resources by type.name
	// localPartial holds the known parts of locals that are partly known strings.
	localPartial map[string]string
	// curFile is the file of the resource being decoded; walkingLocal the
	// locals whose expressions are being walked for it.
	curFile      string
	walkingLocal map[string]bool
	// localWalks counts the locals walked by localNode, up to maxLocalWalks.
	localWalks int
	// shapes are the shapes of repeated resources (see ensureShape).
	shapes  map[string]cty.Value
	shapeSt map[string]int
	// stale says which objects of ctx sync must rebuild.
	stale int
	// tainted is set when the instance's context depends on conditions
	// enumerated in variant passes; localTaint, dataTaint, modTaint and
	// shapeTaint name the values whose evaluation touched one (share.go).
	tainted bool
	// allLocals is the object of all locals, for expressions that read
	// them other than by name; oneLocals the object of each single local.
	allLocals                                   cty.Value
	oneLocals                                   map[string]cty.Value
	localTaint, dataTaint, modTaint, shapeTaint map[string]bool
	// eachRefs name what each.value refers to in the instance being
	// decoded: the resource instance when for_each iterates a resource.
	eachRefs []tree.Ref
	// varFit says which variables are within maxValueSize (varFits).
	varFit map[string]bool
}

// evalModule evaluates a module with its variable values, decodes its
// resources into b and returns its outputs.
// tainted says that the module instance's variables or instance values
// depend on conditions enumerated in variant passes (see share.go).
func (a *adapter) evalModule(m *module, prefix string, vars map[string]cty.Value, inputs map[string]hcl.Expression, caller *modEval, b *builder, depth int, stack []string, tainted bool) cty.Value {
	d := m.declsOf(a)
	e := &modEval{
		a: a, m: m, prefix: prefix, depth: depth, stack: stack, b: b, tainted: tainted,
		vars: vars, inputs: inputs, caller: caller,
		locals: map[string]cty.Value{}, localRefs: map[string][]tree.Ref{}, localDecl: d.localDecl, localSt: map[string]int{},
		data: make(map[string]map[string]cty.Value, len(d.dataNames)), dataSt: map[string]int{}, dataDecl: d.dataDecl,
		modules: make(map[string]cty.Value, len(m.modules)), modSt: map[string]int{}, modDecl: d.modDecl,
		resTypes: d.resTypes, decl: d.decl,
		localPartial: map[string]string{}, walkingLocal: map[string]bool{},
		shapes: map[string]cty.Value{}, shapeSt: map[string]int{},
	}
	for _, md := range m.modules {
		e.modules[md.name] = cty.DynamicVal
	}
	for typ, names := range d.dataNames {
		obj := make(map[string]cty.Value, len(names))
		for _, n := range names {
			obj[n] = cty.DynamicVal
		}
		e.data[typ] = obj
	}
	e.ctx = &hcl.EvalContext{Variables: make(map[string]cty.Value, len(d.resObjs)+6), Functions: a.functions()}
	e.ctx.Variables["path"] = d.path
	e.ctx.Variables["terraform"] = terraformObj
	e.ctx.Variables["var"] = objectOf(vars)
	for typ, obj := range d.resObjs {
		e.ctx.Variables[typ] = obj
	}
	e.refreshLocals()
	e.refreshData()
	e.refreshModules()

	for _, md := range m.modules {
		e.ensureModule(md.name)
	}
	for _, r := range m.resources {
		if r.mode == "data" {
			e.ensureData(r.typ, r.name)
			if decodedData[r.typ] {
				e.decodeResource(r)
			}
			continue
		}
		e.decodeResource(r)
	}
	if caller == nil {
		// The root module's outputs go to no caller.
		return cty.EmptyObjectVal
	}
	out := map[string]cty.Value{}
	for _, o := range m.outputs {
		v, _ := e.value(o.Expr, e.ctx)
		out[o.Name] = v
	}
	return cty.ObjectVal(out)
}

// moduleDecls are what the evaluation of a module looks up by name, built
// once per module however many instances and passes evaluate it.
type moduleDecls struct {
	localDecl map[string]*hcl.Attribute
	modDecl   map[string]*moduleDecl
	dataDecl  map[string]*resourceDecl   // by type.name
	dataNames map[string][]string        // data source names by type
	decl      map[string]*resourceDecl   // managed resources by type.name
	resTypes  map[string]map[string]bool // managed resource names by type
	// resObjs are the objects each managed resource type is in
	// expressions (its resources' attributes unknown); path is path.*.
	resObjs map[string]cty.Value
	path    cty.Value
}

// terraformObj is terraform.* in expressions.
var terraformObj = cty.ObjectVal(map[string]cty.Value{"workspace": cty.UnknownVal(cty.String)})

// declsOf builds the module's moduleDecls on first use.
func (m *module) declsOf(a *adapter) *moduleDecls {
	if m.decls != nil {
		return m.decls
	}
	d := &moduleDecls{
		localDecl: make(map[string]*hcl.Attribute, len(m.locals)), modDecl: make(map[string]*moduleDecl, len(m.modules)),
		dataDecl: map[string]*resourceDecl{}, dataNames: map[string][]string{}, decl: map[string]*resourceDecl{},
		resTypes: map[string]map[string]bool{}, resObjs: map[string]cty.Value{},
	}
	for _, l := range m.locals {
		d.localDecl[l.Name] = l
	}
	for _, md := range m.modules {
		d.modDecl[md.name] = md
	}
	for _, r := range m.resources {
		if r.mode == "data" {
			if _, seen := d.dataDecl[r.typ+"."+r.name]; !seen {
				d.dataNames[r.typ] = append(d.dataNames[r.typ], r.name)
			}
			d.dataDecl[r.typ+"."+r.name] = r
			continue
		}
		if d.resTypes[r.typ] == nil {
			d.resTypes[r.typ] = map[string]bool{}
		}
		d.resTypes[r.typ][r.name] = true
		d.decl[r.typ+"."+r.name] = r
	}
	for typ, names := range d.resTypes {
		obj := make(map[string]cty.Value, len(names))
		for n := range names {
			obj[n] = cty.DynamicVal
		}
		d.resObjs[typ] = cty.ObjectVal(obj)
	}
	moduleDir, err := filepath.Abs(m.dir)
	if err != nil {
		moduleDir = m.dir
	}
	d.path = cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(moduleDir), "root": cty.StringVal(a.rootDir), "cwd": cty.StringVal(a.rootDir),
	})
	m.decls = d
	return d
}

// decodedData are the data sources decoded into the model. A data source
// reads an existing resource whose settings are not written here: its
// arguments only say which one to read, so a cluster, file system or task
// definition read by a data source is not checked (its settings would all
// look absent). Keys are decoded so that references to them are known to
// name customer managed keys.
var decodedData = map[string]bool{"aws_kms_key": true, "aws_kms_alias": true}

func objectOf(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// refreshLocals, refreshModules and refreshData note that the local, module
// or data object of the context is out of date; sync rebuilds it before the
// next evaluation, so that a module with many locals does not rebuild the
// object once per local.
func (e *modEval) refreshLocals() { e.stale |= staleLocals }

func (e *modEval) refreshModules() { e.stale |= staleModules }

func (e *modEval) refreshData() { e.stale |= staleData }

// What of the context is out of date.
const (
	staleLocals = 1 << iota
	staleModules
	staleData
)

// sync brings the context's local, module and data objects up to date.
func (e *modEval) sync() {
	if e.stale == 0 {
		return
	}
	if e.stale&staleModules != 0 {
		e.ctx.Variables["module"] = objectOf(e.modules)
	}
	if e.stale&staleData != 0 {
		e.syncData()
	}
	e.stale &= staleLocals // locals are set for each expression (setLocals)
}

// setLocals gives the context, for evaluating expr, the locals it reads:
// rebuilding the object of every local after each local is evaluated
// would cost the square of their number. An expression that reads locals
// by name sees those, as the object of all locals would show them (a local
// not evaluated is absent either way); one that reads them otherwise sees
// them all.
func (e *modEval) setLocals(expr hcl.Expression) {
	e.setLocalNames(e.a.localNames(expr))
}

func (e *modEval) setLocalNames(names []string, static bool) {
	switch {
	case !static:
		if e.stale&staleLocals != 0 || e.allLocals == cty.NilVal {
			e.allLocals = objectOf(e.locals)
			e.stale &^= staleLocals
		}
		e.ctx.Variables["local"] = e.allLocals
	case len(names) == 0:
		// The expression reads no local.
	case len(names) == 1:
		e.ctx.Variables["local"] = e.oneLocal(names[0])
	default:
		obj := make(map[string]cty.Value, len(names))
		for _, n := range names {
			if v, ok := e.locals[n]; ok {
				obj[n] = v
			}
		}
		e.ctx.Variables["local"] = objectOf(obj)
	}
}

// oneLocal is the object of one local, kept once the local is evaluated.
func (e *modEval) oneLocal(name string) cty.Value {
	if v, ok := e.oneLocals[name]; ok {
		return v
	}
	v, ok := e.locals[name]
	if !ok {
		return cty.EmptyObjectVal
	}
	obj := cty.ObjectVal(map[string]cty.Value{name: v})
	if e.localSt[name] == done {
		if e.oneLocals == nil {
			e.oneLocals = map[string]cty.Value{}
		}
		e.oneLocals[name] = obj
	}
	return obj
}

// localNames are the locals an expression reads by name; static is false
// when it reads them otherwise (local[var.k], the whole local object).
func (a *adapter) localNames(expr hcl.Expression) (names []string, static bool) {
	if i := a.info(expr); i != nil {
		return i.names, i.static
	}
	return localsOf(expr.Variables())
}

func localsOf(vars []hcl.Traversal) (names []string, static bool) {
	static = true
	for _, t := range vars {
		if t.RootName() != "local" {
			continue
		}
		name := stepName(t, 1)
		if name == "" {
			static = false
			continue
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names, static
}

func (e *modEval) syncData() {
	obj := map[string]cty.Value{}
	for typ, names := range e.data {
		obj[typ] = objectOf(names)
	}
	e.ctx.Variables["data"] = objectOf(obj)
}

// ensure evaluates the locals, literal data sources and modules an
// expression refers to before it is evaluated.
func (e *modEval) ensure(expr hcl.Expression) { e.ensureAll(e.a.variables(expr)) }

// ensureAll evaluates what the traversals refer to (see ensure).
func (e *modEval) ensureAll(vars []hcl.Traversal) {
	for _, t := range vars {
		switch t.RootName() {
		case "local":
			if n := stepName(t, 1); n != "" {
				e.ensureLocal(n)
				if e.localTaint[n] {
					e.a.touch()
				}
			} else {
				e.a.touch() // which local is read is not known
			}
		case "data":
			if typ, n := stepName(t, 1), stepName(t, 2); typ != "" && n != "" {
				e.ensureData(typ, n)
				if e.dataTaint[typ+"."+n] {
					e.a.touch()
				}
			} else {
				e.a.touch()
			}
		case "module":
			if n := stepName(t, 1); n != "" {
				e.ensureModule(n)
				if e.modTaint[n] {
					e.a.touch()
				}
			} else {
				e.a.touch()
			}
		default:
			names := e.resTypes[t.RootName()]
			if n := stepName(t, 1); names[n] {
				e.ensureShape(t.RootName(), n)
				if e.shapeTaint[t.RootName()+"."+n] {
					e.a.touch()
				}
			} else if names != nil && n == "" {
				e.a.touch()
			}
		}
	}
}

// ensureShape gives a repeated resource its shape in expressions: an
// object of its for_each keys or a tuple of its count, with unknown
// attributes, so that for_each = aws_ecr_repository.all iterates its keys.
func (e *modEval) ensureShape(typ, name string) {
	key := typ + "." + name
	if e.shapeSt[key] != todo {
		return
	}
	e.shapeSt[key] = visiting
	t0 := e.a.share.touches
	defer func() {
		e.shapeSt[key] = done
		e.a.taint(&e.shapeTaint, key, t0)
	}()
	r := e.decl[key]
	if r == nil || (r.count == nil && r.forEach == nil) {
		return
	}
	insts, how := e.instances(r.count, r.forEach)
	var shape cty.Value
	switch how {
	case byCount:
		vals := make([]cty.Value, len(insts))
		for i := range vals {
			vals[i] = cty.DynamicVal
		}
		shape = cty.EmptyTupleVal
		if len(vals) > 0 {
			shape = cty.TupleVal(vals)
		}
	case byKey:
		m := map[string]cty.Value{}
		for _, in := range insts {
			m[in.index.AsString()] = cty.DynamicVal
		}
		shape = objectOf(m)
	default:
		return
	}
	obj := map[string]cty.Value{}
	for n := range e.resTypes[typ] {
		obj[n] = cty.DynamicVal
		if v, ok := e.shapes[typ+"."+n]; ok {
			obj[n] = v
		}
	}
	obj[name] = shape
	e.shapes[key] = shape
	e.ctx.Variables[typ] = cty.ObjectVal(obj)
}

// stepName is the attribute name at step i of a traversal, or "".
func stepName(t hcl.Traversal, i int) string {
	if i >= len(t) {
		return ""
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseRoot:
		return s.Name
	case hcl.TraverseIndex:
		if s.Key.IsKnown() && s.Key.Type() == cty.String {
			return s.Key.AsString()
		}
	}
	return ""
}

func (e *modEval) ensureLocal(name string) {
	decl := e.localDecl[name]
	if decl == nil || e.localSt[name] != todo {
		return
	}
	if e.reuseLocal(name) {
		return
	}
	e.localSt[name] = visiting
	t0 := e.a.share.touches
	defer e.a.taint(&e.localTaint, name, t0)
	u := e.a.startUnit()
	v, _ := e.value(decl.Expr, e.ctx)
	e.locals[name] = v
	e.localRefs[name] = e.refsOf(decl.Expr)
	if !v.IsKnown() && (v.Type() == cty.String || v.Type() == cty.DynamicPseudoType) {
		// Keep the known parts of a string such as a registry host built
		// from the account ID, for the expressions that use it.
		if n := e.exprNode(decl.Expr, e.ctx); n.Kind == tree.Unknown && n.Partial {
			e.localPartial[name] = n.Value
		}
	}
	e.recordLocal(name, u)
	e.localSt[name] = done
	e.refreshLocals()
}

// value evaluates an expression; anything that fails to evaluate is unknown.
func (e *modEval) value(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, ok bool) {
	defer func() {
		// cty and the function library panic on a few malformed inputs;
		// such a value is simply unknown.
		if recover() != nil {
			v, ok = cty.DynamicVal, false
		}
	}()
	if v, ok, fits := e.readNamed(expr, ctx); ok {
		if fits {
			return v, true
		}
		return e.bounded(expr, v, true)
	}
	if i := e.a.info(expr); i != nil {
		if !i.tractable {
			return cty.DynamicVal, false
		}
		e.ensureAll(i.vars)
		e.sync()
		e.setLocalNames(i.names, i.static)
		if i.loops && loopBytes(expr.(hclsyntax.Node), ctx) > maxLoopBytes {
			// Each value is bounded, but a loop copying a large one
			// thousands of times is not: left unknown before it runs.
			return cty.DynamicVal, false
		}
	} else {
		e.ensure(expr)
		e.sync()
		e.setLocals(expr)
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		// HCL evaluates what it can and leaves each part that failed (a
		// function shipshape does not have, an attribute of an unknown
		// object) unknown: the known parts beside it are kept.
		if v == cty.NilVal {
			return cty.DynamicVal, false
		}
		return e.bounded(expr, v, false)
	}
	return e.bounded(expr, v, true)
}

// readNamed is the value of a traversal of a named value that needs
// nothing evaluated first (var.NAME, each.value, count.index, a dynamic
// block's iterator, path.module) or of local.NAME (the local evaluated
// first, as ensure does), as evaluating the traversal gives it: the value
// of its root in the innermost context that has it, then each step; read
// without what value does for other expressions. ok is false for other
// expressions (data sources, module outputs, resources), and when the root
// is not there or a step fails: value evaluates those. fits says that the
// value is known to be within maxValueSize (see withinSize), so that value
// need not measure it again.
func (e *modEval) readNamed(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, ok, fits bool) {
	st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return cty.NilVal, false, false
	}
	root := st.Traversal.RootName()
	if root == "data" || root == "module" || e.resTypes[root] != nil {
		return cty.NilVal, false, false
	}
	for c := ctx; c != nil; c = c.Parent() {
		if c == e.ctx && root == "local" {
			// The instance's locals, which value sets in the context
			// for each expression as it needs them.
			if len(st.Traversal) < 2 {
				return cty.NilVal, false, false
			}
			attr, ok := st.Traversal[1].(hcl.TraverseAttr)
			if !ok {
				return cty.NilVal, false, false
			}
			e.ensureLocal(attr.Name)
			if e.localTaint[attr.Name] {
				e.a.touch()
			}
			lv, found := e.locals[attr.Name]
			if !found {
				return cty.NilVal, false, false
			}
			// A local's value is one value has bounded.
			v, ok = traverse(lv, st.Traversal[2:])
			return v, ok, ok
		}
		if rv, found := c.Variables[root]; found {
			v, ok = traverse(rv, st.Traversal[1:])
			return v, ok, ok && c == e.ctx && root == "var" && e.varFits(st.Traversal)
		}
	}
	return cty.NilVal, false, false
}

// varFits reports whether the variable var.NAME... reads is within
// maxValueSize, measured once per module instance. A part of a value
// costs no more than the value (see withinSize), so that a variable read many
// times (var.tags, var.container_definitions[0]) is measured once.
func (e *modEval) varFits(t hcl.Traversal) bool {
	if len(t) < 2 {
		return false
	}
	attr, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return false
	}
	if fits, seen := e.varFit[attr.Name]; seen {
		return fits
	}
	v, ok := e.vars[attr.Name]
	budget := maxValueSize
	fits := ok && withinSize(v, &budget)
	if e.varFit == nil {
		e.varFit = map[string]bool{}
	}
	e.varFit[attr.Name] = fits
	return fits
}

// traverse takes the attribute and index steps of a traversal from v, as
// Traversal.TraverseRel does (without its copy of each step's range,
// which only its diagnostics need); false for other steps, or when one
// fails.
func traverse(v cty.Value, steps hcl.Traversal) (cty.Value, bool) {
	var diags hcl.Diagnostics
	for _, step := range steps {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			v, diags = hcl.GetAttr(v, s.Name, nil)
		case hcl.TraverseIndex:
			v, diags = hcl.Index(v, s.Key, nil)
		default:
			return cty.NilVal, false
		}
		if diags.HasErrors() {
			return cty.NilVal, false
		}
	}
	return v, true
}

// bounded is v, the value of expr, unless it is too large for one value
// (maxValueSize): then it is unknown, and the budget notes it.
func (e *modEval) bounded(expr hcl.Expression, v cty.Value, ok bool) (cty.Value, bool) {
	if budget := maxValueSize; !withinSize(v, &budget) {
		// Locals that double a string or a list at each step grow
		// exponentially with the length of the module: such a value is
		// left unknown, so the next step starts small again.
		if !e.a.budget.Exceeded() {
			r := expr.Range()
			e.a.overPos = posOf(r.Filename, r)
		}
		e.a.budget.Refuse()
		return cty.DynamicVal, false
	}
	return v, ok
}

// maxValueSize bounds one evaluated value: the bytes of its strings plus
// elementSize for each element, counted as if shared parts were copied.
// Real container definitions and policies are a few kilobytes.
const (
	maxValueSize = 1 << 18
	elementSize  = 16
)

// withinSize reports whether v fits in *budget, which it spends; the walk
// stops as soon as the budget is spent, so it costs at most the budget.
// A part of v (an attribute, an element, and theirs) costs no more than v:
// when v fits, so does every part of it.
func withinSize(v cty.Value, budget *int) bool {
	*budget -= elementSize
	if *budget < 0 {
		return false
	}
	if !v.IsKnown() || v.IsNull() {
		return true
	}
	v, _ = v.Unmark()
	ty := v.Type()
	switch {
	case ty == cty.String:
		*budget -= len(v.AsString())
		return *budget >= 0
	case ty.IsObjectType():
		// Attributes in any order (the sum is the same), without the
		// sorted copy of their names an iterator makes.
		for name := range ty.AttributeTypes() {
			*budget -= len(name)
			if !withinSize(v.GetAttr(name), budget) {
				return false
			}
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType() || ty.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			k, el := it.Element()
			if ty.IsMapType() {
				*budget -= len(k.AsString())
			}
			if !withinSize(el, budget) {
				return false
			}
		}
	}
	return *budget >= 0
}

// refsOf names the resources an expression refers to, directly or through
// variables and locals that hold references.
func (e *modEval) refsOf(expr hcl.Expression) []tree.Ref {
	var out []tree.Ref
	add := func(r tree.Ref) {
		for _, o := range out {
			if o == r {
				return
			}
		}
		out = append(out, r)
	}
	for _, t := range e.a.variables(expr) {
		root := t.RootName()
		switch root {
		case "var", "local":
			for _, r := range e.namedRefs(t) {
				add(r)
			}
		case "each":
			if stepName(t, 1) == "value" {
				for _, r := range e.eachRefs {
					add(tree.Ref{Target: r.Target, Attr: stepName(t, 2)})
				}
			}
		case "data":
			if typ, n := stepName(t, 1), stepName(t, 2); typ != "" && n != "" {
				add(tree.Ref{Target: e.prefix + "data." + typ + "." + n, Attr: stepName(t, 3)})
			}
		case "module":
			if n := stepName(t, 1); n != "" {
				add(tree.Ref{Target: e.prefix + "module." + n, Attr: stepName(t, 2)})
			}
		default:
			names := e.resTypes[root]
			n := stepName(t, 1)
			if names == nil || !names[n] {
				continue
			}
			target := e.prefix + root + "." + n
			next := 2
			if len(t) > 2 {
				if ix, ok := t[2].(hcl.TraverseIndex); ok {
					target += instanceKey(ix.Key)
					next = 3
				}
			}
			add(tree.Ref{Target: target, Attr: stepName(t, next)})
		}
	}
	return out
}

// refsOfPath names the resources the part of expr at path refers to:
// local.cfg.task_role follows the task_role item of an object written in
// the local, so that a reference to one role is not taken for its sibling's.
func (e *modEval) refsOfPath(expr hcl.Expression, path hcl.Traversal) []tree.Ref {
	if e.refDepth > 16 {
		return nil
	}
	e.refDepth++
	defer func() { e.refDepth-- }()
walk:
	for len(path) > 0 {
		switch x := expr.(type) {
		case *hclsyntax.ObjectConsExpr:
			key := stepName(path, 0)
			for _, it := range x.Items {
				if k := hcl.ExprAsKeyword(it.KeyExpr); k != "" && k == key {
					expr, path = it.ValueExpr, path[1:]
					continue walk
				}
				if kv, d := it.KeyExpr.Value(nil); !d.HasErrors() && kv.Type() == cty.String && kv.IsKnown() && kv.AsString() == key {
					expr, path = it.ValueExpr, path[1:]
					continue walk
				}
			}
			break walk
		case *hclsyntax.TupleConsExpr:
			ix, ok := path[0].(hcl.TraverseIndex)
			if !ok || !ix.Key.IsKnown() || ix.Key.Type() != cty.Number {
				break walk
			}
			i, acc := ix.Key.AsBigFloat().Int64()
			if acc != 0 || i < 0 || int(i) >= len(x.Exprs) {
				break walk
			}
			expr, path = x.Exprs[i], path[1:]
		case *hclsyntax.ParenthesesExpr:
			expr = x.Expression
		case *hclsyntax.ScopeTraversalExpr:
			if r := x.Traversal.RootName(); r == "var" || r == "local" {
				full := append(append(hcl.Traversal{}, x.Traversal...), path...)
				return e.namedRefs(full)
			}
			break walk
		default:
			break walk
		}
	}
	return e.refsOf(expr)
}

// namedRefs names the resources a var.X... or local.X... traversal refers
// to, following the rest of the traversal into the value's expression.
func (e *modEval) namedRefs(t hcl.Traversal) []tree.Ref {
	name := stepName(t, 1)
	if t.RootName() == "var" {
		if in := e.inputs[name]; in != nil && e.caller != nil {
			return e.caller.refsOfPath(in, t[2:])
		}
		return nil
	}
	if decl := e.localDecl[name]; decl != nil && len(t) > 2 {
		return e.refsOfPath(decl.Expr, t[2:])
	}
	return e.localRefs[name]
}

// instanceKey renders a count index or for_each key the way Terraform
// writes addresses: [0] or ["key"].
func instanceKey(k cty.Value) string {
	if !k.IsKnown() || k.IsNull() {
		return ""
	}
	switch k.Type() {
	case cty.String:
		return `["` + k.AsString() + `"]`
	case cty.Number:
		bf := k.AsBigFloat()
		if i, acc := bf.Int64(); acc == 0 {
			return "[" + itoa(i) + "]"
		}
	}
	return ""
}

func itoa(i int64) string {
	neg := i < 0
	if neg {
		i = -i
	}
	var b [24]byte
	n := len(b)
	for {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			break
		}
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// functions is the function table: the Terraform functions that matter for
// container definitions and policies. Unknown functions make a value unknown.
func (a *adapter) functions() map[string]function.Function {
	if a.funcs == nil {
		a.funcs = terraformFunctions(a.rootDir, a.opts.FS, a.readDenied)
	}
	return a.funcs
}

// readDenied notes, once per path, a file that file() or templatefile()
// may not read: its value is unknown.
func (a *adapter) readDenied(path string, err error) {
	if a.denied[path] {
		return
	}
	if a.denied == nil {
		a.denied = map[string]bool{}
	}
	a.denied[path] = true
	reason := err.Error()
	if pe, ok := err.(*fs.PathError); ok {
		reason = pe.Err.Error()
	}
	a.res.Notef(model.Pos{File: a.opts.Display(a.rootDir)}, fmt.Sprintf("a file function reads %s: %s; its value is unknown", path, reason))
}

// variables is expr.Variables(), remembered for the expressions of parsed
// files: module instances and variant passes ask again for the same ones.
// The traversals returned are shared and must not be changed.
func (a *adapter) variables(expr hcl.Expression) []hcl.Traversal {
	if i := a.info(expr); i != nil {
		return i.vars
	}
	return expr.Variables()
}

// exprInfo is what evaluation asks of an expression of a parsed file,
// remembered (one lookup for all of it): module instances and variant
// passes evaluate the same expressions again.
type exprInfo struct {
	vars      []hcl.Traversal // expr.Variables(), shared: not to be changed
	names     []string        // see localNames
	static    bool
	tractable bool
	loops     bool // holds a for expression (or directive)
}

// info is the exprInfo of an expression, nil for one that is not of a
// parsed native syntax file.
func (a *adapter) info(expr hcl.Expression) *exprInfo {
	n, ok := expr.(hclsyntax.Node)
	if !ok {
		return nil
	}
	if i, seen := a.exprs[n]; seen {
		return i
	}
	// The root modules that call a module share its parsed files, and
	// what is asked of their expressions (ParseCache.infoOf).
	i := a.opts.Cache.infoOf(n, func() *exprInfo {
		i := &exprInfo{vars: expr.Variables()}
		i.tractable, i.loops = a.forNesting(n)
		i.names, i.static = localsOf(i.vars)
		return i
	})
	if a.exprs == nil {
		a.exprs = map[hclsyntax.Node]*exprInfo{}
	}
	a.exprs[n] = i
	return i
}

// maxForNesting bounds how deeply for expressions (and template for
// directives) may nest in an expression that is evaluated: each level can
// multiply the work by the length of a collection.
const maxForNesting = 2

// forNesting reports whether an expression is cheap enough to evaluate
// (deeper nests of for loops are left unknown) and whether it holds a for
// expression (or directive) at all. Each for expression under n has its
// keyword in n's text: without it, no walk is needed.
func (a *adapter) forNesting(n hclsyntax.Node) (tractable, loops bool) {
	if !a.mayLoop(n) {
		return true, false
	}
	w := &forDepth{}
	hclsyntax.Walk(n, w)
	return w.max <= maxForNesting, w.max > 0
}

// forDepth measures the nesting of for expressions under a node.
type forDepth struct{ depth, max int }

func (w *forDepth) Enter(n hclsyntax.Node) hcl.Diagnostics {
	switch n.(type) {
	case *hclsyntax.ForExpr, *lenientFor:
		w.depth++
		if w.depth > w.max {
			w.max = w.depth
		}
	}
	return nil
}

func (w *forDepth) Exit(n hclsyntax.Node) hcl.Diagnostics {
	switch n.(type) {
	case *hclsyntax.ForExpr, *lenientFor:
		w.depth--
	}
	return nil
}

// mayLoop reports whether an expression's text holds a for keyword.
func (a *adapter) mayLoop(n hclsyntax.Node) bool {
	r := n.Range()
	src := a.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return true
	}
	return bytes.Contains(src[r.Start.Byte:r.End.Byte], []byte("for"))
}

// maxLoopBytes bounds the bytes the for expressions of one expression may
// produce, estimated before it is evaluated.
const maxLoopBytes = 64 << 20

// unknownLoopLength is the length assumed for a collection that cannot be
// measured before the loop runs (range() returns at most maxRange items).
const unknownLoopLength = maxRange

// loopBytes estimates what evaluating n produces: the size of the values it
// references, multiplied by the length of every for expression they are in.
func loopBytes(n hclsyntax.Node, ctx *hcl.EvalContext) int {
	w := &loopCost{ctx: ctx, stack: []costFrame{{mult: 1, parent: -1}}}
	hclsyntax.Walk(n, w)
	return w.stack[0].total
}

// costFrame is the cost of one for expression's body (or of the whole
// expression, at the bottom of the stack).
type costFrame struct {
	node   hclsyntax.Node
	coll   hclsyntax.Expression // the for expression's collection, evaluated once
	mult   int
	total  int
	parent int // the frame the total goes to, times mult
}

type loopCost struct {
	ctx   *hcl.EvalContext
	stack []costFrame
}

func (w *loopCost) Enter(n hclsyntax.Node) hcl.Diagnostics {
	top := len(w.stack) - 1
	if lf, ok := n.(*lenientFor); ok {
		n = lf.ForExpr
	}
	if f, ok := n.(*hclsyntax.ForExpr); ok {
		w.stack = append(w.stack, costFrame{node: n, coll: f.CollExpr, mult: w.length(f.CollExpr), total: elementSize, parent: top})
		return nil
	}
	if w.stack[top].coll != nil && n == w.stack[top].coll {
		// The collection is evaluated once, outside the loop it feeds.
		w.stack = append(w.stack, costFrame{node: n, mult: 1, parent: w.stack[top].parent})
		top++
	}
	if t, ok := n.(*hclsyntax.ScopeTraversalExpr); ok && inScope(w.ctx, t.Traversal.RootName()) {
		if v, diags := t.Traversal.TraverseAbs(w.ctx); !diags.HasErrors() {
			budget := maxLoopBytes
			withinSize(v, &budget)
			w.stack[top].total = satAdd(w.stack[top].total, maxLoopBytes-budget)
		}
	}
	return nil
}

// inScope reports whether a variable is defined in ctx or a parent: a
// for expression's own variables are not, and traversing them would only
// compute an error (with spelling suggestions) to throw away.
func inScope(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables[name]; ok {
			return true
		}
	}
	return false
}

func (w *loopCost) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if lf, ok := n.(*lenientFor); ok {
		n = lf.ForExpr
	}
	top := len(w.stack) - 1
	if top > 0 && w.stack[top].node == n {
		f := w.stack[top]
		w.stack = w.stack[:top]
		w.stack[f.parent].total = satAdd(w.stack[f.parent].total, satMul(f.total, f.mult))
	}
	return nil
}

// length measures a for expression's collection when it is a reference or
// a literal whose value is at hand, without running other loops.
func (w *loopCost) length(coll hclsyntax.Expression) int {
	switch e := coll.(type) {
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr:
		if v, diags := e.Value(w.ctx); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() && v.CanIterateElements() {
			v, _ = v.Unmark()
			return max(v.LengthInt(), 1)
		}
	}
	return unknownLoopLength
}

func satAdd(a, b int) int {
	if a > maxLoopBytes || b > maxLoopBytes || a+b > maxLoopBytes {
		return maxLoopBytes + 1
	}
	return a + b
}

func satMul(a, b int) int {
	if a != 0 && b > (maxLoopBytes+1)/a {
		return maxLoopBytes + 1
	}
	return a * b
}
