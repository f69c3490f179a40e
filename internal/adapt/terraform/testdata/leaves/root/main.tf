# Each container exercises one construct over values with unknown leaves
# (a data source, a resource attribute, a function shipshape lacks): the
# known settings beside them must survive.
data "aws_region" "current" {}
data "aws_caller_identity" "me" {}

variable "unset" {}

module "cd" {
  source = "../m"
  image  = "nginx:latest"
  user   = "0"
}

module "cd_json" {
  source = "../m"
  image  = "busybox:latest"
  user   = "0"
}

locals {
  logs = { logDriver = "awslogs", options = { "awslogs-region" = data.aws_region.current.region } }
  base = { image = "merge:latest", logConfiguration = local.logs }
  list = [
    { name = "splat", image = "splat:latest", user = "0", account = data.aws_caller_identity.me.account_id },
  ]
  by_name = { lookup = { name = "lookup", image = "lookup:latest", user = "0", tag = provider::aws::arn_parse("x") } }
}

resource "aws_ecs_task_definition" "t" {
  family                   = "x"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode(flatten(concat(
    [module.cd.container_definition],
    [jsondecode(module.cd_json.container_definition_json)],
    [merge(local.base, { name = "merge", user = "0", env = nonsensitive(var.unset) })],
    [{ name = "coalesce", image = coalesce(null, "coalesce:latest"), user = try(local.missing.user, "0") }],
    [for c in local.list[*] : c if c != null],
    [lookup(local.by_name, "lookup", null)],
  )))
}
