package terraform

import (
	"sort"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

func adaptText(t *testing.T, opts Options, files ...File) ([]*model.State, []string) {
	t.Helper()
	res := Adapt("mod", files, opts)
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, string(d.Level)+": "+d.Message)
	}
	return res.States, diags
}

// TestConditionVariants checks that conditionals on variables without a
// value give one state per combination of their conditions, and that
// conditions on anything else do not.
func TestConditionVariants(t *testing.T) {
	src := `
variable "a" { type = bool }
variable "b" { type = string }
variable "c" {
  type    = bool
  default = true
}
resource "aws_ecs_service" "s" {
  enable_execute_command = var.a ? true : false
  launch_type            = var.b == "x" ? "FARGATE" : "EC2"
  propagate_tags         = var.c ? "SERVICE" : "NONE"
  platform_version       = aws_ecs_cluster.c.id != "" ? "LATEST" : "1.4.0"
}
resource "aws_ecs_cluster" "c" {}
`
	states, diags := adaptText(t, Options{}, File{Path: "mod/main.tf", Name: "main.tf", Data: []byte(src)})
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	var variants []string
	for _, st := range states {
		variants = append(variants, st.Variant)
	}
	sort.Strings(variants)
	want := []string{
		`(var.b == "x")=false, var.a=false`, `(var.b == "x")=false, var.a=true`,
		`(var.b == "x")=true, var.a=false`, `(var.b == "x")=true, var.a=true`,
	}
	for i := range want {
		// Labels list the conditions in the order they were met.
		parts := strings.Split(want[i], ", ")
		want[i] = parts[1] + ", " + parts[0]
	}
	sort.Strings(want)
	if strings.Join(variants, "|") != strings.Join(want, "|") {
		t.Fatalf("variants:\n%s\nwant:\n%s", strings.Join(variants, "\n"), strings.Join(want, "\n"))
	}
	for _, st := range states {
		svc := model.Of[*model.ECSService](st)[0]
		execOn := strings.Contains(st.Variant, "var.a=true")
		if !svc.EnableExecuteCommand.Known() || svc.EnableExecuteCommand.True() != execOn {
			t.Errorf("%s: enable_execute_command %+v", st.Variant, svc.EnableExecuteCommand)
		}
		if svc.PlatformVersion.Known() {
			t.Errorf("%s: platform version from a resource condition is known: %+v", st.Variant, svc.PlatformVersion)
		}
	}
}

// TestConditionLimit checks that at most MaxVariantConditions conditions are
// enumerated, with a notice naming them all.
func TestConditionLimit(t *testing.T) {
	src := `
variable "a" {}
variable "b" {}
variable "c" {}
variable "d" {}
resource "aws_ecs_service" "s" {
  enable_execute_command = var.a ? true : false
  launch_type            = var.b ? "FARGATE" : "EC2"
  propagate_tags         = var.c ? "SERVICE" : "NONE"
  platform_version       = var.d ? "LATEST" : "1.4.0"
}
`
	states, diags := adaptText(t, Options{}, File{Path: "mod/main.tf", Name: "main.tf", Data: []byte(src)})
	if len(states) != 1<<MaxVariantConditions {
		t.Errorf("%d states, want %d", len(states), 1<<MaxVariantConditions)
	}
	if len(diags) != 1 || !strings.Contains(diags[0], "4 conditions") || !strings.Contains(diags[0], "var.d") {
		t.Errorf("diagnostics: %v", diags)
	}
	for _, st := range states {
		if strings.Contains(st.Variant, "var.d") {
			t.Errorf("variant %q enumerates the fourth condition", st.Variant)
		}
		if svc := model.Of[*model.ECSService](st)[0]; svc.PlatformVersion.Known() {
			t.Errorf("%s: platform version is known", st.Variant)
		}
	}
	// A value settles a condition.
	states, _ = adaptText(t, Options{Vars: map[string]string{"a": "true", "b": "true", "c": "true", "d": "true"}},
		File{Path: "mod/main.tf", Name: "main.tf", Data: []byte(src)})
	if len(states) != 1 || states[0].Variant != "" {
		t.Errorf("with values: %d states", len(states))
	}
}

// TestConditionNegations checks that a negated condition (!var.x, a != b)
// is enumerated with the condition it negates, and takes the opposite value.
func TestConditionNegations(t *testing.T) {
	src := `
variable "env" {}
variable "exec" {}
resource "aws_ecs_service" "a" {
  launch_type            = var.env=="prod" ? "FARGATE" : "EC2"
  enable_execute_command = var.exec ? true : false
}
resource "aws_ecs_service" "b" {
  launch_type            = var.env != "prod" ? "EXTERNAL" : "FARGATE"
  enable_execute_command = !var.exec ? false : true
}
`
	states, _ := adaptText(t, Options{}, File{Path: "mod/main.tf", Name: "main.tf", Data: []byte(src)})
	if len(states) != 4 {
		t.Fatalf("%d states, want 4", len(states))
	}
	for _, st := range states {
		svcs := model.Of[*model.ECSService](st)
		a, b := svcs[0], svcs[1]
		prod := strings.Contains(st.Variant, `(var.env == "prod")=true`)
		exec := strings.Contains(st.Variant, `var.exec=true`)
		if a.LaunchType.Is("FARGATE") != prod || b.LaunchType.Is("FARGATE") != prod {
			t.Errorf("%s: launch types %q %q", st.Variant, a.LaunchType.V, b.LaunchType.V)
		}
		if a.EnableExecuteCommand.True() != exec || b.EnableExecuteCommand.True() != exec {
			t.Errorf("%s: exec %v %v", st.Variant, a.EnableExecuteCommand.True(), b.EnableExecuteCommand.True())
		}
	}
}
