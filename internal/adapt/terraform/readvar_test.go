package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/model"
)

// TestReadNamed checks that reading a named value (var.NAME, each.key,
// path.module, an iterator named var) gives what evaluating the traversal
// gives, and that it leaves to evaluation what it cannot read so (data
// sources, modules, resources, names or steps that do not exist). Locals:
// TestReadNamedShadowed and the adapter's other tests.
func TestReadNamed(t *testing.T) {
	vars := map[string]cty.Value{
		"name": cty.StringVal("app"),
		"obj":  cty.ObjectVal(map[string]cty.Value{"k": cty.NumberIntVal(1)}),
		"list": cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.UnknownVal(cty.String)}),
		"unk":  cty.DynamicVal,
		"big":  cty.StringVal(strings.Repeat("x", maxValueSize)),
	}
	e := &modEval{vars: vars, ctx: &hcl.EvalContext{Variables: map[string]cty.Value{"var": objectOf(vars)}}}
	e.ctx.Variables["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal("m")})
	e.resTypes = map[string]map[string]bool{"aws_ecr_repository": {"r": true}}
	child := e.ctx.NewChild()
	child.Variables = map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal("a")})}
	shadow := e.ctx.NewChild()
	shadow.Variables = map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("other")})}
	other := &hcl.EvalContext{Variables: map[string]cty.Value{"var": objectOf(vars)}}
	// fits: the module's own variables are measured (once each) against
	// maxValueSize; a part of one that fits fits too. Other values are
	// left to value to measure.
	for _, tc := range []struct {
		src        string
		ctx        *hcl.EvalContext
		read, fits bool
	}{
		{"var.name", e.ctx, true, true},
		{"var.obj.k", e.ctx, true, true},
		{"var.obj[\"k\"]", child, true, true},
		{"var.list[0]", e.ctx, true, true},
		{"var.list[1]", e.ctx, true, true},
		{"var.unk.anything", e.ctx, true, true},
		{"var.big", e.ctx, true, false},
		{"var.name", shadow, true, false},
		{"var.name", other, true, false},
		{"each.key", child, true, false},
		{"each", child, true, false},
		{"path.module", child, true, false},
		{"each.key", e.ctx, false, false},
		{"aws_ecr_repository.r.arn", e.ctx, false, false},
		{"module.m.out", e.ctx, false, false},
		{"data.aws_region.current.name", e.ctx, false, false},
		{"var.missing", e.ctx, false, false},
		{"var.obj.missing", e.ctx, false, false},
		{"var", e.ctx, true, false},
		{"local.name", e.ctx, false, false},
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(tc.src), "t.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		got, read, fits := e.readNamed(expr, tc.ctx)
		if read != tc.read || fits != tc.fits {
			t.Errorf("%s: read %v fits %v, want %v %v", tc.src, read, fits, tc.read, tc.fits)
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

// TestReadNamedShadowed checks that var and local read in a dynamic block
// whose iterator is named local (or var) are the iterator's, not the
// module's local or variable of the same name.
func TestReadNamedShadowed(t *testing.T) {
	dir := t.TempDir()
	src := `
variable "value" {
  default = { cidr = "10.1.0.0/16" }
}
locals {
  rules = [{ cidr = "0.0.0.0/0" }]
  value = { cidr = "10.0.0.0/8" }
  cidr  = local.value.cidr
}
resource "aws_security_group" "plain" {
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [local.cidr, var.value.cidr]
  }
}
`
	for _, iter := range []string{"local", "var"} {
		src += fmt.Sprintf(`resource "aws_security_group" "by_%[1]s" {
  dynamic "ingress" {
    for_each = local.rules
    iterator = %[1]s
    content {
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_blocks = [%[1]s.value.cidr]
    }
  }
}
`, iter)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	st := adaptDir(t, dir, Options{})
	want := map[string]string{
		"aws_security_group.by_local": "0.0.0.0/0",
		"aws_security_group.by_var":   "0.0.0.0/0",
		"aws_security_group.plain":    "10.0.0.0/8 10.1.0.0/16",
	}
	for _, sg := range model.Of[*model.SecurityGroup](st) {
		var got []string
		for _, in := range sg.Ingress {
			if in.CIDRv4.V != "" {
				got = append(got, in.CIDRv4.V)
			}
		}
		if strings.Join(got, " ") != want[sg.ID] {
			t.Errorf("%s: ingress from %v, want %s", sg.ID, got, want[sg.ID])
		}
	}
}
