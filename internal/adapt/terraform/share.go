package terraform

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Variant passes (one per combination of the values of the conditions on
// variables without a value) evaluate the whole root module again, yet most
// resources and module instances do not depend on any of the conditions.
// The first pass notes what does: every conditional whose condition could
// be enumerated counts as a touch, and so does every read of a local, data
// source, module or resource shape whose evaluation touched one. A resource
// or module instance evaluated in a context that depends on no condition,
// without a touch, evaluates the same in every pass: later passes decode the
// property trees the first pass evaluated for it, and take the module
// instance's outputs as they were, instead of evaluating them again.

//
// Locals are shared alike: a local of a module instance that depends on no
// condition, whose evaluation touched none, is not evaluated again when a
// later pass evaluates a resource that reads it.

// shareVariants turns the sharing on; tests turn it off to compare.
var shareVariants = true

// decodeRec is one decoded resource instance of the first pass.
type decodeRec struct {
	r     *resourceDecl
	addr  string
	props *tree.Node
}

// shared is what the first pass evaluated for a resource or module
// instance that no condition affects.
type shared struct {
	recs []decodeRec
	out  cty.Value // a module instance's outputs
	// dyn and mods are the dynamic blocks and module instances the
	// evaluation counted against the root module's budgets.
	dyn, mods int
}

// resKey names a resource of a module instance.
type resKey struct {
	r      *resourceDecl
	prefix string
}

// sharing holds the first pass's evaluations for the later passes.
type sharing struct {
	// recording is set during the first pass, replaying during the others.
	recording, replaying bool
	touches              int
	log                  []decodeRec
	resources            map[resKey]*shared
	modules              map[string]*shared // by module instance prefix
	locals               map[localKey]*sharedLocal
}

// localKey names a local of a module instance.
type localKey struct{ prefix, name string }

// sharedLocal is what the first pass evaluated for a local.
type sharedLocal struct {
	v          cty.Value
	refs       []tree.Ref
	partial    string
	hasPartial bool
}

// recordLocal keeps, in the first pass, a local evaluated since u that no
// condition affects and whose evaluation evaluated nothing else that a
// pass shares (a module instance, a resource).
func (e *modEval) recordLocal(name string, u unit) {
	s := e.a.done(u, e.tainted)
	if s == nil || len(s.recs) > 0 || s.dyn != 0 || s.mods != 0 {
		return
	}
	if e.a.share.locals == nil {
		e.a.share.locals = map[localKey]*sharedLocal{}
	}
	p, ok := e.localPartial[name]
	e.a.share.locals[localKey{e.prefix, name}] = &sharedLocal{v: e.locals[name], refs: e.localRefs[name], partial: p, hasPartial: ok}
}

// reuseLocal gives a local, in a later pass, the value the first pass
// evaluated for it; false when it must be evaluated.
func (e *modEval) reuseLocal(name string) bool {
	if !e.a.share.replaying || e.tainted {
		return false
	}
	s := e.a.share.locals[localKey{e.prefix, name}]
	if s == nil {
		return false
	}
	e.locals[name], e.localRefs[name] = s.v, s.refs
	if s.hasPartial {
		e.localPartial[name] = s.partial
	}
	e.localSt[name] = done
	e.refreshLocals()
	return true
}

// touch notes that what is being evaluated depends on a condition.
func (a *adapter) touch() { a.share.touches++ }

// unit starts the evaluation of something the first pass may share; done
// returns what was evaluated, or nil when it cannot be shared.
type unit struct {
	touches, log, dyn, mods int
}

func (a *adapter) startUnit() unit {
	return unit{touches: a.share.touches, log: len(a.share.log), dyn: a.dynamicBudget, mods: a.moduleBudget}
}

// done is what the unit evaluated, when it touched no condition in a
// context that touched none, and stayed well within the budgets (so that a
// later pass that spends them in another order behaves alike).
func (a *adapter) done(u unit, tainted bool) *shared {
	s := &a.share
	if !s.recording || tainted || s.touches != u.touches || a.dynamicBudget <= 0 || a.moduleBudget < 0 {
		return nil
	}
	return &shared{recs: s.log[u.log:len(s.log):len(s.log)], dyn: u.dyn - a.dynamicBudget, mods: u.mods - a.moduleBudget}
}

// reuse decodes again, into the pass's state, what the first pass
// evaluated, and spends the budgets alike; false when the budgets left
// could make the evaluation differ, so that it is evaluated again.
func (e *modEval) reuse(s *shared) bool {
	a := e.a
	if s == nil || a.dynamicBudget-s.dyn <= 0 || a.moduleBudget-s.mods < 0 {
		return false
	}
	a.dynamicBudget -= s.dyn
	a.moduleBudget -= s.mods
	for _, rec := range s.recs {
		meta := awsres.Meta(rec.addr, rec.r.typ, model.Terraform, posOf(rec.r.file, rec.r.rng))
		decoders[rec.r.typ](awsres.Decoder{File: rec.r.file}, meta, rec.props, e.b)
	}
	return true
}

// record logs a decoded resource instance in the first pass.
func (a *adapter) record(r *resourceDecl, addr string, props *tree.Node) {
	if a.share.recording {
		a.share.log = append(a.share.log, decodeRec{r: r, addr: addr, props: props})
	}
}

// taint marks a named value whose evaluation touched a condition since t.
func (a *adapter) taint(set *map[string]bool, name string, t int) {
	if a.share.touches == t {
		return
	}
	if *set == nil {
		*set = map[string]bool{}
	}
	(*set)[name] = true
}
