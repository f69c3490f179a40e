package terraform_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/terraform"
	"github.com/shipshape/shipshape/internal/fuzzguard"
)

// doubling returns locals that each hold the one before twice: a module of
// n+1 lines whose naive value has 2^n parts.
func doubling(first, step, use string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "locals {\n  a0 = %s\n", first)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  a%d = %s\n", i, strings.ReplaceAll(step, "PREV", fmt.Sprintf("local.a%d", i-1)))
	}
	fmt.Fprintf(&b, "}\nresource \"aws_ecs_task_definition\" \"t\" {\n  family = \"t\"\n  %s\n}\n", strings.ReplaceAll(use, "LAST", fmt.Sprintf("local.a%d", n)))
	return b.String()
}

// TestPathologicalModulesAreBounded checks that small modules whose values
// grow exponentially, or that ask a function for a huge result, are adapted
// quickly: what is too large is left unknown.
func TestPathologicalModulesAreBounded(t *testing.T) {
	tests := map[string]string{
		"doubling string":       doubling(`"xxxxxxxxxxxxxxxx"`, `"${PREV}${PREV}"`, "container_definitions = jsonencode([{ name = LAST }])", 30),
		"doubling partial text": doubling(`"${var.x}xxxxxxxx"`, `"${PREV}${PREV}"`, "container_definitions = jsonencode([{ image = LAST }])", 30),
		"doubling list":         doubling(`["x"]`, `[PREV, PREV]`, "container_definitions = jsonencode(LAST)", 30),
		"flattened list":        doubling(`["x"]`, `[PREV, PREV]`, "container_definitions = jsonencode(flatten(LAST))", 30),
		"huge indent":           `resource "aws_ecs_task_definition" "t" { family = indent(999999999, "a\nb") }`,
		"loop copying a large value": `locals {
  s = format("%0200000d", 1)
  r = [for a in range(256) : [for b in range(256) : "${local.s}x"]]
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = jsonencode([{ name = "app", image = local.r[0][0] }])
}`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			start := fuzzguard.CPUTime()
			res := terraform.Adapt(".", []terraform.File{{Path: "main.tf", Name: "main.tf", Data: []byte(src)}}, terraform.Options{FS: noFiles{}})
			if d := fuzzguard.CPUTime() - start; d > fuzzguard.Limit {
				t.Fatalf("took %v of processor time, over %v", d, fuzzguard.Limit)
			}
			if len(res.States) != 1 {
				t.Fatalf("got %d states, want 1", len(res.States))
			}
		})
	}
}
