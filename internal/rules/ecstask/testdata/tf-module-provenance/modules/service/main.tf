variable "name" {}
variable "containers" {
  type = map(object({
    image            = string
    user             = optional(string)
    privileged       = optional(bool)
    readonly_root    = optional(bool, true)
    linux_parameters = optional(object({
      capabilities = optional(object({ add = optional(list(string)), drop = optional(list(string)) }))
    }))
    create           = optional(bool, true)
  }))
}

module "container" {
  source   = "../container"
  for_each = { for k, v in var.containers : k => v if v.create }

  name             = each.key
  image            = each.value.image
  user             = each.value.user
  privileged       = each.value.privileged
  readonly_root    = each.value.readonly_root
  linux_parameters = each.value.linux_parameters
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([for k, v in module.container : v.container_definition])
}
