package terraform

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/model"
)

// TestShareVariantsSame checks that variant passes which take what the
// first pass evaluated give the very states that evaluating every pass in
// full gives, for each module directory of the corpus that has variants.
func TestShareVariantsSame(t *testing.T) {
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
	defer func() { shareVariants = true }()
	compared := 0
	for _, d := range names {
		shareVariants = false
		full := Adapt(d, append([]File(nil), dirs[d]...), Options{})
		if len(full.States) < 2 {
			continue
		}
		shareVariants = true
		shared := Adapt(d, append([]File(nil), dirs[d]...), Options{})
		compared++
		if len(full.States) != len(shared.States) {
			t.Errorf("%s: %d states in full, %d shared", d, len(full.States), len(shared.States))
			continue
		}
		for i := range full.States {
			if !sameState(full.States[i], shared.States[i]) {
				t.Errorf("%s: variant %q differs when shared", d, full.States[i].Variant)
			}
		}
		if !reflect.DeepEqual(full.Diagnostics, shared.Diagnostics) {
			t.Errorf("%s: diagnostics differ when shared", d)
		}
	}
	t.Logf("%d modules with variants compared", compared)
}

func sameState(a, b *model.State) bool {
	if a.Variant != b.Variant || len(a.Resources) != len(b.Resources) {
		return false
	}
	for i := range a.Resources {
		if !reflect.DeepEqual(a.Resources[i], b.Resources[i]) {
			return false
		}
	}
	return true
}

// TestShareVariantsSynthetic compares shared and full variant passes on a
// module whose conditions reach resources through locals, count, dynamic
// blocks and a child module, beside resources no condition affects.
func TestShareVariantsSynthetic(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("root/main.tf", `
variable "prod" { type = bool }
variable "scan" { type = bool }
locals {
  image = var.prod ? "repo/app:1.0" : "repo/app:latest"
  host  = "${var.prod ? "a" : "b"}.example.com"
}
resource "aws_ecr_repository" "plain" {
  name = "plain"
  image_tag_mutability = "IMMUTABLE"
}
resource "aws_ecr_repository" "cond" {
  count = var.prod ? 1 : 0
  name  = "cond"
  image_scanning_configuration {
    scan_on_push = var.scan
  }
}
resource "aws_ecs_task_definition" "td" {
  family = "td"
  container_definitions = jsonencode([{ name = "app", image = local.image, environment = [{ name = "H", value = local.host }] }])
}
module "svc" {
  source = "../svc"
  prod   = var.prod
}
module "plain" {
  source = "../svc"
  prod   = true
}
`)
	write("svc/main.tf", `
variable "prod" { type = bool }
resource "aws_ecs_service" "s" {
  name                   = "s"
  enable_execute_command = var.prod ? false : true
  dynamic "capacity_provider_strategy" {
    for_each = var.prod ? [1] : []
    content {
      capacity_provider = "FARGATE"
    }
  }
}
resource "aws_ecs_cluster" "c" {
  name = "c"
}
output "id" { value = aws_ecs_cluster.c.id }
`)
	data, err := os.ReadFile(filepath.Join(dir, "root/main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: filepath.ToSlash(filepath.Join(dir, "root/main.tf")), Name: "main.tf", Data: data}}
	defer func() { shareVariants = true }()
	shareVariants = false
	full := Adapt(filepath.Join(dir, "root"), append([]File(nil), files...), Options{})
	shareVariants = true
	shared := Adapt(filepath.Join(dir, "root"), append([]File(nil), files...), Options{})
	if len(full.States) != 4 || len(shared.States) != 4 {
		t.Fatalf("want 4 variants, got %d full and %d shared", len(full.States), len(shared.States))
	}
	for i := range full.States {
		if !sameState(full.States[i], shared.States[i]) {
			t.Errorf("variant %q differs when shared", full.States[i].Variant)
		}
	}
}
