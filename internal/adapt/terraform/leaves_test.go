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
