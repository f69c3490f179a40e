package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TestReadVar checks that reading var.NAME from a module instance's
// variables gives what evaluating the traversal gives, and that it leaves
// to evaluation what it cannot read so (a context naming another var, a
// variable or step that does not exist).
func TestReadVar(t *testing.T) {
	vars := map[string]cty.Value{
		"name": cty.StringVal("app"),
		"obj":  cty.ObjectVal(map[string]cty.Value{"k": cty.NumberIntVal(1)}),
		"list": cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.UnknownVal(cty.String)}),
		"unk":  cty.DynamicVal,
	}
	e := &modEval{vars: vars, ctx: &hcl.EvalContext{Variables: map[string]cty.Value{"var": objectOf(vars)}}}
	child := e.ctx.NewChild()
	child.Variables = map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal("a")})}
	shadow := e.ctx.NewChild()
	shadow.Variables = map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("other")})}
	other := &hcl.EvalContext{Variables: map[string]cty.Value{"var": objectOf(vars)}}
	for _, tc := range []struct {
		src  string
		ctx  *hcl.EvalContext
		read bool
	}{
		{"var.name", e.ctx, true},
		{"var.obj.k", e.ctx, true},
		{"var.obj[\"k\"]", child, true},
		{"var.list[0]", e.ctx, true},
		{"var.list[1]", e.ctx, true},
		{"var.unk.anything", e.ctx, true},
		{"var.name", shadow, false},
		{"var.name", other, false},
		{"var.missing", e.ctx, false},
		{"var.obj.missing", e.ctx, false},
		{"var", e.ctx, false},
		{"local.name", e.ctx, false},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(tc.src), "t.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		got, read := e.readVar(expr, tc.ctx)
		if read != tc.read {
			t.Errorf("%s: read %v, want %v", tc.src, read, tc.read)
			continue
		}
		if !read {
			continue
		}
		want, diags := expr.Value(tc.ctx)
		if diags.HasErrors() || !got.RawEquals(want) {
			t.Errorf("%s = %#v, want %#v (%v)", tc.src, got, want, diags)
		}
	}
}
