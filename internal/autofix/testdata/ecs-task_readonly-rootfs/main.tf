locals {
  image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:0000000000000000000000000000000000000000000000000000000000000000"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {
      name      = "api"
      image     = local.image
      essential = true
      # writes its cache to /tmp
      readonlyRootFilesystem = false
    },
    {
      name      = "sidecar"
      image     = local.image
      essential = false
    }
  ])
}
