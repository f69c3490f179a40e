# Container definitions read from files: file() of plain JSON and
# templatefile() of a template. Findings point at the attribute.
resource "aws_ecs_task_definition" "from_file" {
  family                   = "from-file"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions    = file("${path.module}/containers.json") # want: ecs-task/privileged ecs-task/readonly-rootfs ecs-task/healthcheck
}

resource "aws_ecs_task_definition" "from_template" {
  family                   = "from-template"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions = templatefile("${path.module}/containers.json.tpl", { # want: ecs-task/image-pinned ecs-task/healthcheck
    image = "nginx:latest"
    user  = "1000"
  })
}
