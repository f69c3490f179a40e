package terraform

import (
	"io/fs"
	"testing"
)

// emptyFS has no files: fuzzed modules cannot read the disk.
type emptyFS struct{}

func (emptyFS) ReadFile(string) ([]byte, error)       { return nil, fs.ErrNotExist }
func (emptyFS) ReadDir(string) ([]fs.DirEntry, error) { return nil, fs.ErrNotExist }

// FuzzAdapt feeds arbitrary HCL to the adapter: it must never panic.
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
	f.Fuzz(func(t *testing.T, data []byte) {
		Adapt(".", []File{{Path: "main.tf", Name: "main.tf", Data: data}}, Options{FS: emptyFS{}})
		Adapt(".", []File{{Path: "main.tf.json", Name: "main.tf.json", Data: data}}, Options{FS: emptyFS{}})
	})
}
