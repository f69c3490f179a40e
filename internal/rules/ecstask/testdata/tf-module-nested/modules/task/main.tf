variable "name" {}
variable "privileged" { default = false }
variable "user" { default = "1000" }
variable "network_mode" { default = "awsvpc" }

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["EC2"] # want: ecs-task/fargate-compat ecs-task/fargate-compat
  network_mode             = var.network_mode
  container_definitions = jsonencode([{
    name                   = var.name
    image                  = "nginx:1.27"
    user                   = var.user
    privileged             = var.privileged
    readonlyRootFilesystem = true
    essential              = true
    healthCheck            = { command = ["CMD", "true"] }
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}
