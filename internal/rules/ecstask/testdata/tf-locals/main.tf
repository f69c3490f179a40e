# Container definitions kept in a local of the same file: findings point at
# the line inside the local. A local from another file (locals.tf) is
# reported at the attribute that uses it.
locals {
  containers = [
    {
      name                   = "app" # want: ecs-task/healthcheck
      image                  = "nginx:1.27"
      user                   = "1000"
      privileged             = true # want: ecs-task/privileged
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
  ]
}

resource "aws_ecs_task_definition" "same_file" {
  family                   = "same-file"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions    = jsonencode(local.containers)
}

resource "aws_ecs_task_definition" "other_file" {
  family                   = "other-file"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions    = jsonencode(local.sidecars) # want: ecs-task/readonly-rootfs ecs-task/healthcheck
}
