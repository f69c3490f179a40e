variable "user" { default = null }
variable "os" { default = "LINUX" }
variable "containers" { default = {} }
variable "over" { default = {} }
variable "maybe" { default = null }
variable "settings" { default = {} }
variable "uid" { default = "1000" }
variable "gid" { default = "1000" }
variable "repo" { default = "nginx" }
variable "n" { default = 1 }
variable "names" { default = [] }
variable "volumes" { default = [] }

locals {
  is_linux = var.os == "LINUX"
  merged   = merge({ user = "7" }, var.over)
}

module "inner" {
  source   = "../n"
  for_each = { for k, v in var.containers : k => v if v != null }
  name     = each.key
  user     = each.value.user
}

resource "aws_ecs_task_definition" "t" {
  family = "x"
  container_definitions = jsonencode(concat([
    { name = "direct", image = "a:1", user = var.user },
    { name = "cond", image = "a:1", user = local.is_linux ? var.user : null },
    { name = "merge", image = "a:1", user = local.merged.user },
    { name = "coalesce", image = "a:1", user = coalesce(var.maybe, "1000") },
    { name = "lookup", image = "a:1", user = lookup(var.settings, "user", "1000") },
    { name = "wrap", image = "a:1", user = "${var.uid}" },
    { name = "joined", image = "${var.repo}:latest", user = "${var.uid}:${var.gid}" },
    { name = "default", image = "a:1", user = "${var.gid}" },
  ], [for k, v in module.inner : v.def]))
  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.value
    }
  }
}

resource "aws_ecr_repository" "counted" {
  count = var.n
  name  = "r${count.index}"
}

resource "aws_ecr_repository" "each" {
  for_each = toset(var.names)
  name     = each.key
}

# Container definitions a module gives as JSON text (jsonencode in its output).
module "enc" {
  source = "../n"
  name   = "enc"
  user   = var.user
}

resource "aws_ecs_task_definition" "enc" {
  family                = "y"
  container_definitions = module.enc.json
}
