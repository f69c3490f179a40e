variable "name" {
  type = string
}

variable "network" {
  type    = string
  default = "host"
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = var.network
  container_definitions = jsonencode([{
    name                   = "app" # want: ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}
