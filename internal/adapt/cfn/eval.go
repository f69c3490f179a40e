package cfn

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// tri is a three-valued truth: conditions whose inputs are unknown are neither true nor false.
type tri int8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// pseudo parameters that have no value outside a deployed stack.
var pseudoParams = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::Partition": true, "AWS::Region": true,
	"AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

// noValue is what AWS::NoValue evaluates to: the property is removed.
var noValue = &tree.Node{Kind: tree.Null, Reason: "AWS::NoValue"}

// shortTags maps short-form tags to the long function names.
var shortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!FindInMap": "Fn::FindInMap", "!GetAtt": "Fn::GetAtt",
	"!GetAZs": "Fn::GetAZs", "!ImportValue": "Fn::ImportValue", "!Join": "Fn::Join", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!Sub": "Fn::Sub", "!Transform": "Fn::Transform", "!If": "Fn::If",
	"!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
}

// evaluator resolves intrinsic functions of one template under one
// assignment of the conditions that could not be evaluated.
type evaluator struct {
	params    map[string]*tree.Node
	mappings  *tree.Node
	condDefs  map[string]*tree.Node
	resources map[string]bool
	// forced assigns values to conditions that are otherwise unknown.
	forced    map[string]bool
	condCache map[string]tri
	// usedUnknown collects unknown conditions met by Fn::If while evaluating.
	usedUnknown map[string]bool
	// usedConds collects, in the first pass, every condition evaluated.
	usedConds map[string]bool
	// recording makes reads collect the parameters and conditions the
	// resource being built reads (nil until it reads one).
	recording bool
	reads     map[input]bool
	depth     int
	// budget bounds the strings Fn::Sub and Fn::Join build.
	budget *budget.Budget
}

// input is a parameter or a condition that a resource reads.
type input struct {
	cond bool // a condition; else a parameter
	name string
}

// read notes, while recording, that the resource being built reads in.
func (e *evaluator) read(in input) {
	if !e.recording {
		return
	}
	if e.reads == nil {
		e.reads = map[input]bool{}
	}
	e.reads[in] = true
}

// intrinsic returns the function name and argument if n is an intrinsic call.
func intrinsic(n *tree.Node) (string, *tree.Node, bool) {
	if n == nil {
		return "", nil, false
	}
	if n.Tag != "" {
		if fn, ok := shortTags[n.Tag]; ok {
			arg := *n
			arg.Tag = ""
			return fn, &arg, true
		}
		return "", nil, false
	}
	if n.Kind == tree.Map && len(n.Pairs) == 1 {
		k := n.Pairs[0].Key.Value
		if k == "Ref" || k == "Condition" || (strings.HasPrefix(k, "Fn::") && !strings.HasPrefix(k, "Fn::ForEach")) {
			return k, n.Pairs[0].Value, true
		}
	}
	return "", nil, false
}

func unknown(at *tree.Node, reason string, refs ...tree.Ref) *tree.Node {
	u := &tree.Node{Kind: tree.Unknown, Reason: reason, Refs: refs}
	if at != nil {
		u.Line, u.Col = at.Line, at.Col
	}
	return u
}

// eval returns n with every intrinsic function resolved. Parts that cannot
// be resolved become Unknown nodes. Unchanged subtrees are shared, not copied.
func (e *evaluator) eval(n *tree.Node) *tree.Node {
	if n == nil {
		return nil
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > tree.MaxDepth {
		return unknown(n, "nesting too deep")
	}
	if n.Tag != "" && n.Kind == tree.Scalar {
		if v := e.callText(n); v != nil {
			return v
		}
	}
	if fn, arg, ok := intrinsic(n); ok {
		return e.call(n, fn, arg)
	}
	switch n.Kind {
	case tree.Map:
		var out []tree.Pair
		for i, p := range n.Pairs {
			v := e.eval(p.Value)
			if v != p.Value && out == nil {
				out = append(make([]tree.Pair, 0, len(n.Pairs)), n.Pairs[:i]...)
			}
			if out != nil && v != noValue {
				out = append(out, tree.Pair{Key: p.Key, Value: v})
			}
		}
		if out == nil {
			return n
		}
		c := *n
		c.Pairs = out
		return &c
	case tree.Seq:
		var out []*tree.Node
		for i, it := range n.Items {
			v := e.eval(it)
			if v != it && out == nil {
				out = append(make([]*tree.Node, 0, len(n.Items)), n.Items[:i]...)
			}
			if out != nil && v != noValue {
				out = append(out, v)
			}
		}
		if out == nil {
			return n
		}
		c := *n
		c.Items = out
		return &c
	}
	return n
}

func (e *evaluator) call(at *tree.Node, fn string, arg *tree.Node) *tree.Node {
	switch fn {
	case "Ref":
		name, ok := e.eval(arg).Text()
		if !ok {
			return unknown(at, "Ref to a computed name")
		}
		return e.ref(at, name)
	case "Fn::GetAtt":
		return e.getAtt(at, arg)
	case "Fn::Sub":
		return e.sub(at, arg)
	case "Fn::Join":
		return e.join(at, arg)
	case "Fn::Select":
		return e.selectFn(at, arg)
	case "Fn::Split":
		return e.split(at, arg)
	case "Fn::FindInMap":
		return e.findInMap(at, arg)
	case "Fn::If":
		return e.ifFn(at, arg)
	case "Fn::Base64":
		return e.eval(arg)
	case "Fn::Length":
		l := e.eval(arg)
		if l.Kind == tree.Seq {
			return &tree.Node{Kind: tree.Scalar, Type: tree.Int, Value: strconv.Itoa(len(l.Items)), Line: at.Line, Col: at.Col}
		}
		return unknown(at, "Fn::Length of an unknown list")
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
		v := e.condExpr(at, fn, arg)
		if v == triUnknown {
			return unknown(at, fn+" with unknown inputs")
		}
		return &tree.Node{Kind: tree.Scalar, Type: tree.Bool, Value: strconv.FormatBool(v == triTrue), Line: at.Line, Col: at.Col}
	}
	// Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform, Fn::ToJsonString
	// and anything newer: their values exist only at deploy time.
	var refs []tree.Ref
	e.eval(arg).Walk(func(n *tree.Node) bool {
		refs = append(refs, n.Refs...)
		return true
	})
	return unknown(at, fn+" is resolved only at deploy time", refs...)
}

// callText evaluates the most common calls written in short form on a
// scalar (!Ref Name, !GetAtt Res.Attr, !Sub 'text') from the scalar's text,
// as call would, without the untagged copy of the node intrinsic makes
// (one per call, the adapter's largest allocation); nil for other calls.
func (e *evaluator) callText(at *tree.Node) *tree.Node {
	switch at.Tag {
	case "!Ref":
		return e.ref(at, at.Value)
	case "!GetAtt":
		return e.getAttText(at, at.Value)
	case "!Sub":
		return e.subText(at, at.Value, nil)
	}
	return nil
}

func (e *evaluator) ref(at *tree.Node, name string) *tree.Node {
	if name == "AWS::NoValue" {
		return noValue
	}
	if v, ok := e.params[name]; ok {
		e.read(input{name: name})
		return placed(v, at)
	}
	if pseudoParams[name] {
		return unknown(at, "pseudo parameter "+name)
	}
	if e.resources[name] {
		return unknown(at, "reference to resource "+name, tree.Ref{Target: name})
	}
	return unknown(at, "Ref to undeclared "+name)
}

// placed returns v positioned where it is used, so findings point at the
// property rather than the parameter's default. The items of a list (a
// CommaDelimitedList parameter) are placed too.
func placed(v, at *tree.Node) *tree.Node {
	if v.Line == at.Line && v.Col == at.Col {
		return v
	}
	c := *v
	c.Line, c.Col = at.Line, at.Col
	if v.Kind == tree.Seq {
		c.Items = make([]*tree.Node, len(v.Items))
		for i, it := range v.Items {
			c.Items[i] = placed(it, at)
		}
	}
	return &c
}

func (e *evaluator) getAtt(at, arg *tree.Node) *tree.Node {
	var res, attr string
	switch a := e.eval(arg); a.Kind {
	case tree.Scalar:
		return e.getAttText(at, a.Value)
	case tree.Seq:
		if len(a.Items) == 2 {
			res, _ = a.Items[0].Text()
			attr, _ = a.Items[1].Text()
		}
	}
	return getAttOf(at, res, attr)
}

// getAttText is Fn::GetAtt of "Resource.Attribute".
func (e *evaluator) getAttText(at *tree.Node, s string) *tree.Node {
	res, attr, _ := strings.Cut(s, ".")
	return getAttOf(at, res, attr)
}

func getAttOf(at *tree.Node, res, attr string) *tree.Node {
	if res == "" {
		return unknown(at, "malformed Fn::GetAtt")
	}
	return unknown(at, "attribute "+res+"."+attr, tree.Ref{Target: res, Attr: attr})
}

// partial accumulates a string built from known and unknown parts, within
// the evaluation budget: a string that would grow over it (nested Fn::Sub
// repeating a variable) is left unknown.
type partial struct {
	b       strings.Builder
	budget  *budget.Budget
	over    bool
	unknown bool
	refs    []tree.Ref
	reasons []string
}

// write appends s unless that takes the string over the budget.
func (p *partial) write(s string) {
	if p.over {
		return
	}
	if !p.budget.Fits(p.b.Len() + len(s)) {
		p.over = true
		p.budget.Refuse()
		p.b.Reset()
		return
	}
	p.b.WriteString(s)
}

func (p *partial) add(v *tree.Node) {
	if s, ok := v.Text(); ok {
		p.write(s)
		return
	}
	p.unknown = true
	p.refs = append(p.refs, v.Refs...)
	if v.Reason != "" {
		p.reasons = append(p.reasons, v.Reason)
	}
	if v.Kind == tree.Unknown && v.Partial {
		p.write(v.Value)
	} else {
		p.write(tree.Hole)
	}
}

func (p *partial) node(at *tree.Node) *tree.Node {
	if p.over {
		return unknown(at, "a value over the evaluation budget", p.refs...)
	}
	p.budget.Allow(p.b.Len())
	if !p.unknown {
		return &tree.Node{Kind: tree.Scalar, Value: p.b.String(), Line: at.Line, Col: at.Col}
	}
	u := unknown(at, strings.Join(p.reasons, "; "), p.refs...)
	u.Value, u.Partial = p.b.String(), true
	if u.Value == tree.Hole && len(p.refs) == 1 {
		// A plain ${Resource}: an exact reference, as Ref would give.
		u.Value, u.Partial = "", false
	}
	return u
}

func (e *evaluator) sub(at, arg *tree.Node) *tree.Node {
	var tmpl *tree.Node
	var vars map[string]*tree.Node
	a := arg
	if a.Kind == tree.Seq {
		if len(a.Items) == 0 {
			return unknown(at, "malformed Fn::Sub")
		}
		tmpl = e.eval(a.Items[0])
		if len(a.Items) > 1 {
			m := e.eval(a.Items[1])
			vars = make(map[string]*tree.Node, len(m.Pairs))
			for _, p := range m.Pairs {
				vars[p.Key.Value] = p.Value
			}
		}
	} else {
		tmpl = e.eval(a)
	}
	s, ok := tmpl.Text()
	if !ok {
		return unknown(at, "Fn::Sub of an unknown template")
	}
	return e.subText(at, s, vars)
}

// subText is Fn::Sub of the template s with the variables vars.
func (e *evaluator) subText(at *tree.Node, s string, vars map[string]*tree.Node) *tree.Node {
	p := partial{budget: e.budget}
	for !p.over {
		i := strings.Index(s, "${")
		if i < 0 {
			p.write(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			p.write(s)
			break
		}
		p.write(s[:i])
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			p.write("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		switch v, ok := vars[name]; {
		case ok:
			p.add(v)
		case strings.Contains(name, ".") && !strings.HasPrefix(name, "AWS::"):
			res, attr, _ := strings.Cut(name, ".")
			p.add(unknown(at, "attribute "+name, tree.Ref{Target: res, Attr: attr}))
		default:
			p.add(e.ref(at, name))
		}
	}
	return p.node(at)
}

// twoArgs evaluates the argument of a function that takes a list of two;
// bad is the unknown value to return when it is not one.
func (e *evaluator) twoArgs(at, arg *tree.Node, fn string) (a, bad *tree.Node) {
	a = e.eval(arg)
	if a.Kind != tree.Seq || len(a.Items) != 2 {
		return nil, unknown(at, "malformed "+fn)
	}
	return a, nil
}

func (e *evaluator) join(at, arg *tree.Node) *tree.Node {
	a, bad := e.twoArgs(at, arg, "Fn::Join")
	if bad != nil {
		return bad
	}
	delim, ok := a.Items[0].Text()
	list := a.Items[1]
	if !ok || list.Kind != tree.Seq {
		var refs []tree.Ref
		list.Walk(func(n *tree.Node) bool { refs = append(refs, n.Refs...); return true })
		return unknown(at, "Fn::Join of an unknown list", refs...)
	}
	p := partial{budget: e.budget}
	for i, it := range list.Items {
		if p.over {
			break
		}
		if i > 0 {
			p.write(delim)
		}
		p.add(it)
	}
	return p.node(at)
}

func (e *evaluator) selectFn(at, arg *tree.Node) *tree.Node {
	a, bad := e.twoArgs(at, arg, "Fn::Select")
	if bad != nil {
		return bad
	}
	i, ok := a.Items[0].Int()
	list := a.Items[1]
	if !ok || list.Kind != tree.Seq {
		return unknown(at, "Fn::Select from an unknown list")
	}
	if i < 0 || int(i) >= len(list.Items) {
		return unknown(at, "Fn::Select index out of range")
	}
	return list.Items[i]
}

func (e *evaluator) split(at, arg *tree.Node) *tree.Node {
	a, bad := e.twoArgs(at, arg, "Fn::Split")
	if bad != nil {
		return bad
	}
	delim, ok1 := a.Items[0].Text()
	s, ok2 := a.Items[1].Text()
	if !ok1 || !ok2 || delim == "" {
		return unknown(at, "Fn::Split of an unknown string")
	}
	out := &tree.Node{Kind: tree.Seq, Line: at.Line, Col: at.Col}
	for _, part := range strings.Split(s, delim) {
		out.Items = append(out.Items, &tree.Node{Kind: tree.Scalar, Value: part, Line: at.Line, Col: at.Col})
	}
	return out
}

func (e *evaluator) findInMap(at, arg *tree.Node) *tree.Node {
	a := e.eval(arg)
	if a.Kind != tree.Seq || len(a.Items) < 3 {
		return unknown(at, "malformed Fn::FindInMap")
	}
	var keys [3]string
	for i := range keys {
		s, ok := a.Items[i].Text()
		if !ok {
			return unknown(at, "Fn::FindInMap with an unknown key")
		}
		keys[i] = s
	}
	if v := e.mappings.Get(keys[0]).Get(keys[1]).Get(keys[2]); v != nil {
		return placed(e.eval(v), at)
	}
	if len(a.Items) > 3 { // AWS::LanguageExtensions DefaultValue
		if d := a.Items[3].Get("DefaultValue"); d != nil {
			return d
		}
	}
	return unknown(at, fmt.Sprintf("Fn::FindInMap %s/%s/%s not found", keys[0], keys[1], keys[2]))
}

func (e *evaluator) ifFn(at, arg *tree.Node) *tree.Node {
	if arg.Kind != tree.Seq || len(arg.Items) != 3 {
		return unknown(at, "malformed Fn::If")
	}
	name, ok := arg.Items[0].Text()
	if !ok {
		return unknown(at, "Fn::If with a computed condition name")
	}
	switch e.cond(name) {
	case triTrue:
		return e.eval(arg.Items[1])
	case triFalse:
		return e.eval(arg.Items[2])
	}
	if e.usedUnknown != nil {
		e.usedUnknown[name] = true
		// Look into both branches for the conditions they depend on, so
		// that nested Fn::If are enumerated too.
		e.eval(arg.Items[1])
		e.eval(arg.Items[2])
	}
	return unknown(at, "condition "+name+" cannot be evaluated")
}

// cond evaluates a named condition, memoized.
func (e *evaluator) cond(name string) tri {
	if e.usedConds != nil {
		e.usedConds[name] = true
	}
	e.read(input{cond: true, name: name})
	if v, ok := e.forced[name]; ok {
		return triOf(v)
	}
	if v, ok := e.condCache[name]; ok {
		return v
	}
	e.condCache[name] = triUnknown // breaks cycles
	def, ok := e.condDefs[name]
	if !ok {
		return triUnknown
	}
	v := e.condValue(def)
	e.condCache[name] = v
	return v
}

func (e *evaluator) condValue(n *tree.Node) tri {
	if fn, arg, ok := intrinsic(n); ok {
		return e.condExpr(n, fn, arg)
	}
	if b, ok := e.eval(n).Bool(); ok {
		return triOf(b)
	}
	return triUnknown
}

func (e *evaluator) condExpr(at *tree.Node, fn string, arg *tree.Node) tri {
	switch fn {
	case "Condition":
		name, ok := arg.Text()
		if !ok {
			return triUnknown
		}
		return e.cond(name)
	case "Fn::Not":
		items := arg.List()
		if len(items) != 1 {
			return triUnknown
		}
		switch e.condValue(items[0]) {
		case triTrue:
			return triFalse
		case triFalse:
			return triTrue
		}
		return triUnknown
	case "Fn::And", "Fn::Or":
		isAnd := fn == "Fn::And"
		result := triOf(isAnd)
		for _, it := range arg.List() {
			switch e.condValue(it) {
			case triUnknown:
				result = triUnknown
			case triFalse:
				if isAnd {
					return triFalse
				}
			case triTrue:
				if !isAnd {
					return triTrue
				}
			}
		}
		return result
	case "Fn::Equals":
		items := arg.List()
		if len(items) != 2 {
			return triUnknown
		}
		a, b := e.eval(items[0]), e.eval(items[1])
		if other(a) && b.Kind == tree.Scalar || other(b) && a.Kind == tree.Scalar {
			// A parameter assumed to differ from every value compared.
			return triFalse
		}
		if a.IsUnknown() || b.IsUnknown() {
			return triUnknown
		}
		return triOf(equalValues(a, b))
	}
	if b, ok := e.call(at, fn, arg).Bool(); ok {
		return triOf(b)
	}
	return triUnknown
}

// other reports whether n is a parameter assumed to hold a value other
// than its default and the values the template compares it with.
func other(n *tree.Node) bool {
	return n != nil && n.Kind == tree.Unknown && n.Reason == otherReason
}

// equalValues compares two resolved values the way Fn::Equals does (as strings).
func equalValues(a, b *tree.Node) bool {
	if a == nil || b == nil || a.Kind != b.Kind {
		return a.IsNull() && b.IsNull()
	}
	switch a.Kind {
	case tree.Scalar:
		return a.Value == b.Value
	case tree.Seq:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !equalValues(a.Items[i], b.Items[i]) {
				return false
			}
		}
		return true
	case tree.Map:
		if len(a.Pairs) != len(b.Pairs) {
			return false
		}
		for _, p := range a.Pairs {
			if !equalValues(p.Value, b.Get(p.Key.Value)) {
				return false
			}
		}
		return true
	}
	return a.Kind == tree.Null
}

// sortedKeys returns the keys of a set in order, for stable variant labels.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
