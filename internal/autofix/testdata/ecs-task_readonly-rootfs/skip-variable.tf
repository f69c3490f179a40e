variable "containers" {
  default = [{ name = "api", image = "nginx" }]
}

resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = jsonencode(var.containers)
}
