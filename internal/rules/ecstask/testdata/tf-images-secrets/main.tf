variable "tag" {
  type = string
}

resource "aws_ecr_repository" "mutable" {
  name = "app/mutable"
}

resource "aws_ecr_repository" "immutable" {
  name                 = "app/immutable"
  image_tag_mutability = "IMMUTABLE"
}

data "aws_caller_identity" "current" {}

locals {
  registry = "${data.aws_caller_identity.current.account_id}.dkr.ecr.eu-west-1.amazonaws.com"
  hardened = {
    user                   = "1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }
}

resource "aws_ecs_task_definition" "task" {
  family                   = "images"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  container_definitions = jsonencode([
    {
      name                   = "latest" # want: ecs-task/healthcheck
      image                  = "nginx" # want: ecs-task/image-pinned
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
      environment = [
        { name = "AWS_ACCESS_KEY_ID", value = "AKIAIOSFODNN7EXAMPLE" }, # want: ecs-task/secrets-in-env
        { name = "DB_PASSWORD", value = "Xk9#mP2$vQ7!" },               # want: ecs-task/secrets-in-env
        { name = "DB_PASSWORD_FROM_VAR", value = var.tag },
        { name = "API_TOKEN", value = "changeme" },
        { name = "LOG_LEVEL", value = "debug" },
      ]
    },
    merge(local.hardened, { # want: ecs-task/healthcheck
      name  = "mutable-ecr"
      image = "${aws_ecr_repository.mutable.repository_url}:1.2.3" # want: ecs-task/image-pinned
    }),
    {
      name                   = "immutable-ecr" # want: ecs-task/healthcheck
      image                  = "${aws_ecr_repository.immutable.repository_url}:1.2.3"
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
    {
      name                   = "ecr-latest" # want: ecs-task/healthcheck
      image                  = "${local.registry}/app:latest" # want: ecs-task/image-pinned
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
    {
      name                   = "unknown-tag" # want: ecs-task/healthcheck
      image                  = "${local.registry}/app:${var.tag}"
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
    {
      name                   = "hub-user-image" # want: ecs-task/healthcheck
      image                  = "bitnami/redis:7.2" # want: ecs-task/trusted-registry
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
    {
      name                   = "installs" # want: ecs-task/healthcheck
      image                  = "python:3.12-slim"
      command                = ["sh", "-c", "pip install flask && python app.py"] # want: ecs-task/runtime-install
      user                   = "1000"
      readonlyRootFilesystem = true
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
    },
  ])
}
