package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// condKey names the condition of a conditional expression that cannot be
// evaluated because it depends on variables without a value (directly, or
// through locals, or on terraform.workspace): key identifies it within the
// module instance, label shows it in reports. A negation (!var.x, a != b)
// is named by the condition it negates, with negate set, so that both
// forms take consistent values. ok is false for conditions on anything
// else (resource attributes, data sources, module outputs), which stay
// unknown.
func (e *modEval) condKey(cond hcl.Expression) (key, label string, negate, ok bool) {
	vars := e.a.variables(cond)
	if len(vars) == 0 {
		return "", "", false, false
	}
	for _, t := range vars {
		switch t.RootName() {
		case "var", "local", "terraform":
		default:
			return "", "", false, false
		}
	}
	if len(e.refsOf(cond)) > 0 {
		return "", "", false, false
	}
	cond, negate = positive(cond)
	text, ok := e.srcText(cond)
	if !ok {
		return "", "", false, false
	}
	label = e.prefix + text
	if _, bare := cond.(*hclsyntax.ScopeTraversalExpr); !bare {
		label = "(" + text + ")"
		if e.prefix != "" {
			label = strings.TrimSuffix(e.prefix, ".") + ":" + label
		}
	}
	return e.prefix + text, label, negate, true
}

// positive strips negations from a condition: !x is x negated, a != b is
// a == b negated.
func positive(cond hcl.Expression) (hcl.Expression, bool) {
	negate := false
	for {
		switch x := cond.(type) {
		case *hclsyntax.ParenthesesExpr:
			cond = x.Expression
			continue
		case *hclsyntax.UnaryOpExpr:
			if x.Op == hclsyntax.OpLogicalNot {
				cond, negate = x.Val, !negate
				continue
			}
		case *hclsyntax.BinaryOpExpr:
			if isOp(x.Op, hclsyntax.OpNotEqual) {
				return &hclsyntax.BinaryOpExpr{LHS: x.LHS, Op: hclsyntax.OpEqual, RHS: x.RHS, SrcRange: x.SrcRange}, !negate
			}
		}
		return cond, negate
	}
}

// srcText is an expression's source on one line, with single spaces and
// no ", " (which separates conditions in a variant's label); a == b is
// rebuilt from its operands, so that a != b names the same condition.
func (e *modEval) srcText(expr hcl.Expression) (string, bool) {
	if x, ok := expr.(*hclsyntax.BinaryOpExpr); ok && isOp(x.Op, hclsyntax.OpEqual) {
		l, lok := e.srcText(x.LHS)
		r, rok := e.srcText(x.RHS)
		return l + " == " + r, lok && rok
	}
	r := expr.Range()
	src := e.a.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return "", false
	}
	text := strings.Join(strings.Fields(string(src[r.Start.Byte:r.End.Byte])), " ")
	return strings.ReplaceAll(text, ", ", ","), true
}

// noteCond records, in the first pass, a condition to enumerate.
func (a *adapter) noteCond(key, label string, r hcl.Range) {
	if a.condSeen == nil || a.condSeen[key] {
		return
	}
	a.condSeen[key] = true
	a.unknownConds = append(a.unknownConds, unknownCond{key: key, label: label, pos: posOf(r.Filename, r)})
}

// branch resolves a conditional (count = var.create ? 1 : 0, a dynamic
// block's for_each = var.encrypt ? [1] : []) whose condition is on
// variables without a value to the branch this pass assumes; any other
// expression is returned as it is.
func (e *modEval) branch(expr hcl.Expression, ctx *hcl.EvalContext) hcl.Expression {
	for {
		p, ok := expr.(*hclsyntax.ParenthesesExpr)
		if !ok {
			break
		}
		expr = p.Expression
	}
	x, ok := expr.(*hclsyntax.ConditionalExpr)
	if !ok {
		return expr
	}
	if c, _ := e.value(x.Condition, ctx); c.IsKnown() {
		return expr
	}
	key, label, negate, ok := e.condKey(x.Condition)
	if !ok {
		return expr
	}
	e.a.touch()
	if v, forced := e.a.forced[key]; forced {
		if v != negate {
			return x.TrueResult
		}
		return x.FalseResult
	}
	e.a.noteCond(key, label, x.Condition.Range())
	return expr
}
