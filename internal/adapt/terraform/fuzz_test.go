package terraform_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/shipshape/shipshape/internal/adapt/terraform"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/parse/tree"
	_ "github.com/shipshape/shipshape/internal/rules/all" // every rule runs on fuzzed states
	"github.com/shipshape/shipshape/internal/ruletest"
)

// noFiles has no files: fuzzed modules cannot read the disk.
type noFiles struct{}

func (noFiles) ReadFile(string) ([]byte, error)       { return nil, fs.ErrNotExist }
func (noFiles) ReadDir(string) ([]fs.DirEntry, error) { return nil, fs.ErrNotExist }

// FuzzAdapt feeds arbitrary HCL to the adapter and runs every rule on what
// it builds: nothing may panic, and diagnostics and findings must be well
// formed. The Terraform fixtures of the rules seed it.
// fuzzBase is the module that FuzzAdapt merges its input over as an
// override file.
const fuzzBase = `variable "x" {}
locals { y = var.x ? 1 : 0 }
resource "aws_ecs_service" "s" {
  count = var.x ? 1 : 0
  enable_execute_command = !var.x ? false : true
  network_configuration { assign_public_ip = var.x == "a" ? true : false }
}
resource "aws_ecs_task_definition" "t" { container_definitions = jsonencode([{ name = "a", privileged = local.y == 1 ? true : false }]) }
`

// fuzzCaller calls the fuzzed text as a local module with arguments of
// every shape, whose leaves carry where they were written (value marks)
// into whatever the module does with them, and uses its output.
const fuzzCaller = `module "m" {
  source     = "./m"
  for_each   = { a = 1 }
  x          = true
  user       = "0"
  n          = 2
  names      = ["a", "b"]
  containers = { app = { user = "0", image = "nginx:latest", privileged = true, drop = ["NET_RAW"] } }
  nested     = [{ a = [{ b = { c = "d" } }] }]
}
resource "aws_ecs_task_definition" "t" {
  container_definitions = jsonencode([for k, v in module.m : v.out])
}
`

func FuzzAdapt(f *testing.F) {
	for _, seed := range []string{
		`resource "aws_ecs_task_definition" "t" { container_definitions = jsonencode([{ name = "a", privileged = true }]) }`,
		`variable "x" { default = 1 }
locals { y = [for i in range(var.x) : i] }
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = local.y
    content { from_port = ingress.value }
  }
}`,
		`resource "aws_ecs_cluster" "c" { count = 2
  setting { name = "containerInsights"
  value = "${count.index}" } }`,
		`module "m" { source = "./m" }
data "aws_iam_policy_document" "d" { statement { actions = ["*"] } }
resource "aws_iam_policy" "p" { policy = data.aws_iam_policy_document.d.json }`,
		`locals { a = local.b
b = local.a }
resource "aws_ecs_service" "s" { name = local.a
for_each = { x = 1 } }`,
	} {
		f.Add([]byte(seed))
	}
	f.Add([]byte(fuzzBase))
	f.Add([]byte(`variable "containers" {}
variable "user" {}
variable "x" {}
variable "n" {}
variable "names" {}
variable "nested" {}
locals {
  c = { for k, v in var.containers : k => merge(v, { user = coalesce(lookup(v, "user", null), var.user) }) if v != null }
  l = length({ for k, v in local.c : k => v if var.x })
}
resource "aws_ecr_repository" "r" {
  count = var.n
  name  = "r"
}
resource "aws_ecr_repository" "s" {
  for_each = toset(var.names)
  name     = each.key
}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.nested
    content { description = ingress.value.a[0].b.c }
  }
}
output "out" { value = merge(local.c["app"], { cap = one(local.c["app"].drop), n = local.l, s = sensitive(var.user) }) }
`))
	ruletest.AddSeeds(f, "../../rules/*/testdata/tf-*/*.tf", "../../../examples/terraform/*.tf", "../../scan/testdata/hostile/*/*.tf")
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		for _, name := range []string{"main.tf", "main.tf.json"} {
			res := terraform.Adapt(".", []terraform.File{{Path: name, Name: name, Data: data}}, terraform.Options{FS: noFiles{}})
			ruletest.CheckResult(t, name, res)
		}
		// The same text as an override file, merged over a module.
		files := []terraform.File{{Path: "x_override.tf", Name: "x_override.tf", Data: data}, {Path: "main.tf", Name: "main.tf", Data: []byte(fuzzBase)}}
		res := terraform.Adapt(".", files, terraform.Options{FS: noFiles{}})
		diags := res.Diagnostics[:0]
		for _, d := range res.Diagnostics {
			if d.Pos.File != "main.tf" {
				diags = append(diags, d)
			}
		}
		res.Diagnostics = diags
		ruletest.CheckResult(t, "x_override.tf", res)
		// The same text as a module, given marked values.
		mod := fstest.MapFS{"m/main.tf": &fstest.MapFile{Data: data}}
		files = []terraform.File{{Path: "main.tf", Name: "main.tf", Data: []byte(fuzzCaller)}}
		res = terraform.Adapt(".", files, terraform.Options{FS: mod})
		diags = res.Diagnostics[:0]
		for _, d := range res.Diagnostics {
			if d.Pos.File != "m/main.tf" && d.Level != "error" {
				diags = append(diags, d)
			}
		}
		res.Diagnostics = diags
		ruletest.CheckResult(t, "main.tf", res)
	})
}

// FuzzPlan feeds arbitrary JSON documents to the plan adapter.
func FuzzPlan(f *testing.F) {
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_ecs_service.s","type":"aws_ecs_service","values":{"name":"s","network_configuration":[{"assign_public_ip":true}]}}],"child_modules":[{"resources":[]}]}},"resource_changes":[{"address":"aws_ecs_service.s","change":{"after_unknown":{"cluster":true,"network_configuration":[{"security_groups":true}]}}}],"configuration":{"root_module":{"resources":[{"address":"aws_ecs_service.s","expressions":{"cluster":{"references":["aws_ecs_cluster.c.id","aws_ecs_cluster.c"]}}}],"module_calls":{"m":{"module":{"resources":[]}}}}}}`))
	ruletest.AddSeeds(f, "../../rules/*/testdata/tf-*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		if !terraform.LooksLikePlan(data) {
			return
		}
		file, err := tree.Parse(data)
		if err != nil || len(file.Docs) == 0 || !terraform.IsPlan(file.Docs[0]) {
			return
		}
		ruletest.CheckResult(t, "plan.json", terraform.AdaptPlan("plan.json", file))
	})
}
