package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// condKey names the condition of a conditional expression that cannot be
// evaluated because it depends on variables without a value (directly, or
// through locals, or on terraform.workspace): key identifies it within the
// module instance, label shows it in reports. ok is false for conditions on
// anything else (resource attributes, data sources, module outputs), which
// stay unknown.
func (e *modEval) condKey(cond hcl.Expression) (key, label string, ok bool) {
	vars := cond.Variables()
	if len(vars) == 0 {
		return "", "", false
	}
	for _, t := range vars {
		switch t.RootName() {
		case "var", "local", "terraform":
		default:
			return "", "", false
		}
	}
	if len(e.refsOf(cond)) > 0 {
		return "", "", false
	}
	r := cond.Range()
	src := e.a.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return "", "", false
	}
	// One line, single spaces, and no ", " (which separates conditions in
	// a variant's label).
	text := strings.Join(strings.Fields(string(src[r.Start.Byte:r.End.Byte])), " ")
	text = strings.ReplaceAll(text, ", ", ",")
	label = e.prefix + text
	if _, bare := cond.(*hclsyntax.ScopeTraversalExpr); !bare {
		label = "(" + text + ")"
		if e.prefix != "" {
			label = strings.TrimSuffix(e.prefix, ".") + ":" + label
		}
	}
	return e.prefix + text, label, true
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
	key, label, ok := e.condKey(x.Condition)
	if !ok {
		return expr
	}
	if v, forced := e.a.forced[key]; forced {
		if v {
			return x.TrueResult
		}
		return x.FalseResult
	}
	e.a.noteCond(key, label, x.Condition.Range())
	return expr
}
