package terraform

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

// TestUnknownLeaves checks that an unknown value (a data source's
// attribute, a variable without a value, a function shipshape does not
// have) makes only its own leaf unknown, through module outputs, for
// expressions with if clauses, merge, coalesce, try, lookup, concat,
// flatten, splats and jsonencode: every container keeps its known image
// and user.
func TestUnknownLeaves(t *testing.T) {
	st := adaptDir(t, "testdata/leaves/root", Options{})
	td := one[*model.TaskDefinition](t, st)
	if td.ContainersUnknown {
		t.Errorf("container definitions unknown")
	}
	want := map[string]string{
		"app": "nginx:latest", "merge": "merge:latest", "coalesce": "coalesce:latest",
		"splat": "splat:latest", "lookup": "lookup:latest",
	}
	seen := map[string]bool{}
	for _, c := range td.Containers {
		name := c.Name.V
		if c.Image.V == "busybox:latest" {
			name = "json"
		}
		seen[name] = true
		if img, ok := want[name]; ok && !c.Image.Is(img) {
			t.Errorf("container %s: image %+v, want %s", name, c.Image, img)
		}
		if !c.User.Is("0") {
			t.Errorf("container %s: user %+v, want 0", name, c.User)
		}
	}
	for _, name := range []string{"app", "json", "merge", "coalesce", "splat", "lookup"} {
		if !seen[name] {
			t.Errorf("container %s missing; got %d containers", name, len(td.Containers))
		}
	}
	for _, c := range td.Containers {
		if c.Name.V == "app" && (!c.Privileged.True() || !c.LogDriver.Is("awslogs")) {
			t.Errorf("app: privileged %+v, log driver %+v", c.Privileged, c.LogDriver)
		}
	}
}

// TestPartlyKnownTextComparedIsUnknown checks that comparing the text of a
// jsonencode with unknown leaves (shipshape's partly known text) with a
// string is unknown, not false: the privileged setting it decides stays
// unknown, and so is never reported.
func TestPartlyKnownTextComparedIsUnknown(t *testing.T) {
	src := `
data "aws_region" "current" {}
locals {
  doc = jsonencode({ region = data.aws_region.current.region })
}
resource "aws_ecs_task_definition" "t" {
  family = "x"
  container_definitions = jsonencode([
    { name = "eq", image = "a:1", privileged = local.doc == "{}" },
    { name = "ne", image = "a:1", privileged = local.doc != "{}" },
    { name = "known", image = "a:1", privileged = jsonencode({ a = 1 }) != "{}" },
  ])
}
`
	res := Adapt(".", []File{{Path: "main.tf", Name: "main.tf", Data: []byte(src)}}, Options{})
	if len(res.States) != 1 {
		t.Fatalf("%d states", len(res.States))
	}
	td := one[*model.TaskDefinition](t, res.States[0])
	want := map[string]model.Presence{"eq": model.Unknown, "ne": model.Unknown, "known": model.Known}
	for _, c := range td.Containers {
		if c.Privileged.P != want[c.Name.V] {
			t.Errorf("container %s: privileged %+v, want presence %v", c.Name.V, c.Privileged, want[c.Name.V])
		}
	}
	if len(td.Containers) != 3 {
		t.Errorf("%d containers, want 3", len(td.Containers))
	}
}

// TestLengthOfDoubtfulFor checks that length() of a for expression whose
// if clause is unknown for some element is unknown (the element may not be
// there), and exact when every element's clause is decidable: here as
// privileged = length(...) > N, which is reported only when known.
func TestLengthOfDoubtfulFor(t *testing.T) {
	src := `
data "aws_region" "current" {}
locals {
  m        = { a = 1, b = 2, c = data.aws_region.current.id }
  doubtful = { for k, v in local.m : k => v if v != 2 }
  decided  = { for k, v in { a = 1, b = 2, c = 3 } : k => v if v != 2 }
  list     = [for v in [1, 2, data.aws_region.current.id] : v if v != 2]
  nested   = keys(local.doubtful)
}
resource "aws_ecs_task_definition" "t" {
  family = "x"
  container_definitions = jsonencode([
    { name = "doubtful", image = "a:1", privileged = length(local.doubtful) > 1 },
    { name = "decided", image = "a:1", privileged = length(local.decided) > 1 },
    { name = "list", image = "a:1", privileged = length(local.list) > 1 },
    { name = "keys", image = "a:1", privileged = length(local.nested) > 1 },
    { name = "known-false", image = "a:1", privileged = length(local.decided) > 2 },
  ])
}
`
	res := Adapt(".", []File{{Path: "main.tf", Name: "main.tf", Data: []byte(src)}}, Options{})
	if len(res.States) != 1 {
		t.Fatalf("%d states", len(res.States))
	}
	td := one[*model.TaskDefinition](t, res.States[0])
	want := map[string]string{"doubtful": "unknown", "decided": "true", "list": "unknown", "keys": "unknown", "known-false": "false"}
	for _, c := range td.Containers {
		got := "unknown"
		if c.Privileged.P == model.Known {
			got = "false"
			if c.Privileged.True() {
				got = "true"
			}
		}
		if got != want[c.Name.V] {
			t.Errorf("container %s: privileged %s, want %s", c.Name.V, got, want[c.Name.V])
		}
		delete(want, c.Name.V)
	}
	if len(want) > 0 {
		t.Errorf("containers missing: %v", want)
	}
}
