resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([{ name = "api", image = "nginx:1.27" }])

  volume {
    name = "cache"
  }

  volume {
    name = "data"

    efs_volume_configuration {
      file_system_id = "fs-0123456789abcdef0" # shared with the batch jobs
    }
  }
}
