variable "name" {
  type = string
}

variable "privileged" {
  type    = bool
  default = true
}

variable "task_role_arn" {
  type    = string
  default = null
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  task_role_arn            = var.task_role_arn
  container_definitions = jsonencode([{
    name                   = var.name # want: ecs-task/healthcheck ecs-task/healthcheck ecs-task/healthcheck ecs-task/healthcheck ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000"
    privileged             = var.privileged
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}

output "arn" {
  value = aws_ecs_task_definition.this.arn
}
