package cfn

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// A parameter's Default is what the stack gets when nobody passes a value,
// not a fixed value: a condition on a parameter that --param did not fix is
// judged on both sides. Each such parameter is judged on its own: besides
// the state built with every default, one state per other value of one
// parameter that changes some condition (AllowedValues bound the values;
// without them, the values the conditions compare it with, and any other
// value). The number of such states is linear in the parameters, and capped
// at MaxParamVariants with a notice.

// MaxParamVariants bounds the states built for parameter values other than
// the defaults.
const MaxParamVariants = 6

// maxAllowedTried bounds the AllowedValues tried per parameter.
const maxAllowedTried = 16

// otherReason marks a parameter assumed to hold a value other than every
// value the template compares it with.
const otherReason = "parameter assumed to hold another value than its default"

// paramVariant is the template evaluated with one parameter off its default.
type paramVariant struct {
	param string
	value *tree.Node
	label string // "UseECR: Registry=ecr"
}

// paramDecl is a declared parameter that --param did not fix and that has
// a default.
type paramDecl struct {
	dflt    *tree.Node
	allowed []string
}

// softParams are the parameters that --param did not fix and whose value
// is their Default (SSM parameters and list types excluded).
func softParams(root *tree.Node, overrides map[string]string) map[string]paramDecl {
	out := map[string]paramDecl{}
	params := root.Get("Parameters")
	if params == nil || params.Kind != tree.Map {
		return out
	}
	for _, p := range params.Pairs {
		name := p.Key.Value
		if _, fixed := overrides[name]; fixed {
			continue
		}
		typ, _ := p.Value.Get("Type").Text()
		if strings.HasPrefix(typ, "AWS::SSM::") || strings.HasPrefix(typ, "List<") || typ == "CommaDelimitedList" {
			continue
		}
		d := p.Value.Get("Default")
		if d == nil || d.Kind != tree.Scalar {
			continue
		}
		decl := paramDecl{dflt: d}
		for _, a := range p.Value.Get("AllowedValues").List() {
			if s, ok := a.Text(); ok {
				decl.allowed = append(decl.allowed, s)
			}
		}
		out[name] = decl
	}
	return out
}

// condParams lists, in order, the soft parameters the named conditions
// refer to (through nested conditions too), and the literals each is
// compared with by Fn::Equals.
func (e *evaluator) condParams(conds []string, soft map[string]paramDecl) ([]string, map[string][]string) {
	seen := map[string]bool{}
	visited := map[string]bool{}
	literals := map[string][]string{}
	var names []string
	var walk func(n *tree.Node)
	walk = func(n *tree.Node) {
		if n == nil {
			return
		}
		if fn, arg, ok := intrinsic(n); ok {
			switch fn {
			case "Ref":
				if name, ok := arg.Text(); ok {
					if _, isSoft := soft[name]; isSoft && !seen[name] {
						seen[name] = true
						names = append(names, name)
					}
				}
				return
			case "Condition":
				if name, ok := arg.Text(); ok && !visited[name] {
					visited[name] = true
					walk(e.condDefs[name])
				}
				return
			case "Fn::Equals":
				if items := arg.List(); len(items) == 2 {
					for i, it := range items {
						if f, a, ok := intrinsic(it); ok && f == "Ref" {
							name, _ := a.Text()
							if lit, ok := items[1-i].Text(); ok && items[1-i].Tag == "" {
								literals[name] = append(literals[name], lit)
							}
						}
					}
				}
			}
			walk(arg)
			return
		}
		for _, p := range n.Pairs {
			walk(p.Value)
		}
		for _, it := range n.Items {
			walk(it)
		}
	}
	for _, c := range conds {
		if !visited[c] {
			visited[c] = true
			walk(e.condDefs[c])
		}
	}
	return names, literals
}

// condVector evaluates the named conditions under the current parameters.
func (e *evaluator) condVector(conds []string) []tri {
	e.reset(nil)
	out := make([]tri, len(conds))
	for i, c := range conds {
		out[i] = e.cond(c)
	}
	return out
}

// paramVariants finds the parameter values, other than the defaults, that
// change the value of a used condition, one parameter at a time; more
// than MaxParamVariants are noted in skipped.
func (e *evaluator) paramVariants(used []string, soft map[string]paramDecl) (vs []paramVariant, skipped []string) {
	if len(used) == 0 || len(soft) == 0 {
		return nil, nil
	}
	names, literals := e.condParams(used, soft)
	if len(names) == 0 {
		return nil, nil
	}
	base := e.condVector(used)
	for _, name := range names {
		decl := soft[name]
		dflt := decl.dflt.Value
		var cands []string
		if len(decl.allowed) > 0 {
			cands = decl.allowed
			if len(cands) > maxAllowedTried {
				cands = cands[:maxAllowedTried]
			}
		} else {
			cands = append(append([]string{}, literals[name]...), "")
		}
		seenVec := map[string]bool{fmt.Sprint(base): true}
		tried := map[string]bool{dflt: true}
		orig := e.params[name]
		for i, c := range cands {
			other := len(decl.allowed) == 0 && i == len(cands)-1
			if !other && tried[c] {
				continue
			}
			tried[c] = true
			v := &tree.Node{Kind: tree.Scalar, Value: c, Line: orig.Line, Col: orig.Col}
			shown := name + "=" + c
			if other {
				v = &tree.Node{Kind: tree.Unknown, Reason: otherReason, Line: orig.Line, Col: orig.Col}
				shown = name + " other than " + quoteValue(dflt)
				if lits := literals[name]; len(lits) > 0 {
					shown = name + " other than " + quoteList(append([]string{dflt}, lits...))
				}
			}
			e.params[name] = v
			vec := e.condVector(used)
			e.params[name] = orig
			key := fmt.Sprint(vec)
			if seenVec[key] {
				continue
			}
			seenVec[key] = true
			var flipped []string
			for j := range used {
				if vec[j] != base[j] {
					flipped = append(flipped, used[j])
				}
			}
			label := strings.Join(flipped, " and ") + ": " + shown
			if len(vs) >= MaxParamVariants {
				skipped = append(skipped, label)
				continue
			}
			vs = append(vs, paramVariant{param: name, value: v, label: label})
		}
	}
	e.reset(nil)
	return vs, skipped
}

// defaultLabel names the state built with every parameter's default, for
// the findings that hold only there.
func defaultLabel(vs []paramVariant, soft map[string]paramDecl) string {
	var parts []string
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v.param] {
			seen[v.param] = true
			parts = append(parts, v.param+"="+quoteValue(soft[v.param].dflt.Value))
		}
	}
	sort.Strings(parts)
	if len(parts) == 1 {
		return defaultPrefix + parts[0]
	}
	return defaultsPrefix + strings.Join(parts, " and ")
}

// The labels of the state built with the parameters' defaults.
const (
	defaultPrefix  = "the default "
	defaultsPrefix = "the defaults "
)

func quoteValue(s string) string {
	if s == "" || strings.ContainsAny(s, " ,\"") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func quoteList(vals []string) string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			out = append(out, quoteValue(v))
		}
	}
	return strings.Join(out, " or ")
}
