package terraform

import (
	"path"
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

// TestProvenance checks that a value the root module writes in a module
// argument is placed on the root's line however the module uses it
// (directly, through a conditional, merge, coalesce, lookup, a template
// that is only the value, a for_each and each.value into a nested module
// and back through its output), with the module's line as related
// location; a value the module builds from it (a template joining two
// values, a tag appended) or its own default stays on the module's line.
// Container definitions a module outputs as JSON text (jsonencode) keep
// where their values were written. Marked values also decide count,
// for_each over a set and dynamic blocks.
func TestProvenance(t *testing.T) {
	st := adaptDir(t, "testdata/provenance/root", Options{})
	var td, enc *model.TaskDefinition
	for _, r := range model.Of[*model.TaskDefinition](st) {
		if r.ID == "module.m.aws_ecs_task_definition.enc" {
			enc = r
		} else {
			td = r
		}
	}
	if td == nil || enc == nil || len(enc.Containers) != 1 {
		t.Fatalf("task definitions %v, %v", td, enc)
	}
	if p := enc.Containers[0].User.Pos; p.Line != 3 || p.Related == nil {
		t.Errorf("container of JSON text: user at %s:%d (related %v), want root/main.tf:3", p.File, p.Line, p.Related)
	}
	caller := map[string]int{"direct": 3, "cond": 3, "merge": 10, "coalesce": 11, "lookup": 12, "wrap": 13, "each": 7}
	module := []string{"joined", "default"}
	seen := map[string]bool{}
	for _, c := range td.Containers {
		name := c.Name.V
		seen[name] = true
		p := c.User.Pos
		if line, ok := caller[name]; ok {
			if path.Base(path.Dir(p.File)) != "root" || p.Line != line || p.Related == nil {
				t.Errorf("container %s: user at %s:%d (related %v), want root/main.tf:%d", name, p.File, p.Line, p.Related, line)
			}
			continue
		}
		if p.Related != nil || path.Base(path.Dir(p.File)) != "m" {
			t.Errorf("container %s: user at %s:%d (related %v), want the module's line", name, p.File, p.Line, p.Related)
		}
	}
	for name := range caller {
		if !seen[name] {
			t.Errorf("container %s missing", name)
		}
	}
	for _, name := range module {
		if !seen[name] {
			t.Errorf("container %s missing", name)
		}
	}
	for _, c := range td.Containers {
		if c.Name.V == "joined" && (c.Image.Pos.Related != nil || !c.Image.Is("busybox:latest")) {
			t.Errorf("joined: image %+v, want busybox:latest on the module's line", c.Image)
		}
	}
	if n := len(td.Volumes); n != 2 {
		t.Errorf("%d volumes, want 2", n)
	}
	if n := len(model.Of[*model.ECRRepository](st)); n != 4 {
		t.Errorf("%d repositories, want 4 (count = 2, for_each over 2)", n)
	}
}
