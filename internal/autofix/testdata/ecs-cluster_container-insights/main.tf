resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_cluster" "batch" {
  name = "batch"

  # metrics cost money
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}
