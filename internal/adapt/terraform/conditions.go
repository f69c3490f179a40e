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
