package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/model"
)

// corpusModules reads every directory of the Terraform corpus that holds
// module files, by directory.
func corpusModules(t *testing.T) (map[string][]File, []string) {
	t.Helper()
	dirs := map[string][]File{}
	root := corpus.Dir(t, "terraform")
	for _, p := range corpus.Files(t, root) {
		if !IsModuleFile(p) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Dir(p)
		dirs[dir] = append(dirs[dir], File{Path: filepath.ToSlash(p), Name: filepath.Base(p), Data: data})
	}
	var names []string
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	return dirs, names
}

// TestCorpusTaskDefinitionsNeverSilent evaluates every module directory of
// the Terraform corpus as a root module and checks that each task
// definition either yields all its containers or has a notice naming it,
// its container_definitions argument and the expression that could not be
// evaluated: never a silent pass.
func TestCorpusTaskDefinitionsNeverSilent(t *testing.T) {
	dirs, names := corpusModules(t)
	total, withContainers, noticed := 0, 0, 0
	for _, d := range names {
		res := Adapt(d, dirs[d], Options{})
		for _, st := range res.States {
			for _, td := range model.Of[*model.TaskDefinition](st) {
				total++
				if len(td.Containers) > 0 && !td.ContainersUnknown {
					withContainers++
					continue
				}
				found := false
				for _, diag := range res.Diagnostics {
					if strings.HasPrefix(diag.Message, td.ID+": container_definitions") && (strings.Contains(diag.Message, "cannot be evaluated") || strings.Contains(diag.Message, "is null")) {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: task definition %s (variant %q) has %d containers (unknown: %v) and no notice", d, td.ID, st.Variant, len(td.Containers), td.ContainersUnknown)
					continue
				}
				noticed++
			}
		}
	}
	t.Logf("%d task definitions: %d with their containers, %d with a notice", total, withContainers, noticed)
}

// TestUnresolvedNotice checks the notice for rule inputs that cannot be
// evaluated: it names the resource, the argument and the expression.
func TestUnresolvedNotice(t *testing.T) {
	dir := t.TempDir()
	src := `data "template_file" "defs" {}
variable "rules" {}
resource "aws_ecs_task_definition" "t" {
  family                = "x"
  container_definitions = data.template_file.defs.rendered
}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Adapt(dir, []File{{Path: "main.tf", Name: "main.tf", Data: []byte(src)}}, Options{})
	want := []string{
		"main.tf:5: notice: aws_ecs_task_definition.t: container_definitions = data.template_file.defs.rendered cannot be evaluated (it depends on data.template_file.defs.rendered, known only after apply); its containers are not checked",
		"main.tf:8: notice: aws_security_group.g: dynamic ingress block over var.rules cannot be evaluated; its ingress rules are not checked",
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notices:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
