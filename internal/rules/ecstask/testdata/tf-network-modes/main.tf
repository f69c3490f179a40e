# Terraform's network_mode defaults to bridge: left out on EC2 it is low.
resource "aws_ecs_task_definition" "absent" { # want: ecs-task/host-network
  family                   = "absent"
  requires_compatibilities = ["EC2"] # want: ecs-task/fargate-compat
  container_definitions = jsonencode([{
    name                   = "app" # want: ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000:1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}

resource "aws_ecs_task_definition" "none" {
  family                   = "none"
  requires_compatibilities = ["EC2"] # want: ecs-task/fargate-compat
  network_mode             = "none"
  container_definitions = jsonencode([{
    name                   = "app" # want: ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000:1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}
