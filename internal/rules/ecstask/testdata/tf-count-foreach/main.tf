# count and for_each are expanded per instance when known.
locals {
  hardened = {
    user                   = "1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }
  services = {
    api    = { image = "nginx:1.27", privileged = false }
    worker = { image = "nginx:1.27", privileged = true }
  }
}

variable "replicas" {
  type = number
}

# Two instances, both host networking: one finding each.
resource "aws_ecs_task_definition" "counted" {
  count                    = 2
  family                   = "counted-${count.index}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "host" # want: ecs-task/host-network ecs-task/host-network
  container_definitions    = jsonencode([merge(local.hardened, { name = "app", image = "nginx:1.27" })]) # want: ecs-task/healthcheck ecs-task/healthcheck
}

# No instances at all.
resource "aws_ecs_task_definition" "disabled" {
  count                    = 0
  family                   = "disabled"
  network_mode             = "host"
  container_definitions    = jsonencode([merge(local.hardened, { name = "app", image = "nginx:1.27" })])
}

# Unknown count: one instance is still checked.
resource "aws_ecs_task_definition" "unknown_count" {
  count                    = var.replicas
  family                   = "unknown-${count.index}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  pid_mode                 = "host" # want: ecs-task/host-namespaces
  container_definitions    = jsonencode([merge(local.hardened, { name = "app", image = "nginx:1.27" })]) # want: ecs-task/healthcheck
}

# for_each: only the worker instance is privileged.
resource "aws_ecs_task_definition" "per_service" {
  for_each                 = local.services
  family                   = each.key
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions = jsonencode([
    merge(local.hardened, { # want: ecs-task/healthcheck ecs-task/healthcheck
      name       = each.key
      image      = each.value.image
      privileged = each.value.privileged # want: ecs-task/privileged
    })
  ])
}
