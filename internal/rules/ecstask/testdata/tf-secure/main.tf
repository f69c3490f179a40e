# A hardened task definition: nothing to report. The user of the second
# container comes from a variable without a default, so it is unknown and
# never reported; readonly comes from a variable default.
resource "aws_ecs_task_definition" "task" {
  family                   = "secure"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"

  dynamic "volume" {
    for_each = var.efs_volumes
    content {
      name = volume.key
      efs_volume_configuration {
        file_system_id     = volume.value
        transit_encryption = "ENABLED"
      }
    }
  }

  container_definitions = jsonencode([
    merge(local.hardened, {
      name  = "app"
      image = "nginx:1.27"
      user  = "1000:1000"
    }),
    {
      name                   = "unknown-user"
      image                  = "nginx:1.27"
      user                   = var.container_user
      readonlyRootFilesystem = var.readonly
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      logConfiguration       = { logDriver = "awslogs" }
      healthCheck            = { command = ["CMD-SHELL", "true"] }
    },
  ])
}

locals {
  hardened = {
    healthCheck            = { command = ["CMD-SHELL", "true"] }
    readonlyRootFilesystem = var.readonly
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = "/ecs/secure" }
    }
  }
}
