resource "aws_ecs_cluster" "main" { # want: ecs-cluster/container-insights ecs-cluster/fargate-storage-cmk
  name = "main"
  configuration {
    execute_command_configuration { # want: ecs-exec/kms-key
      logging = "OVERRIDE"
      log_configuration { # want: ecs-exec/log-encryption
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
        cloud_watch_encryption_enabled = false # want: ecs-exec/log-encryption
        s3_bucket_name                 = "exec-logs"
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "exec" {
  name = "/ecs/exec"
}

resource "aws_ecs_task_definition" "task" {
  family                   = "task"
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = "nginx:1.27"
      readonlyRootFilesystem = true # want: ecs-exec/readonly-conflict
    },
    {
      name                   = "with-agent-volumes"
      image                  = "nginx:1.27"
      readonlyRootFilesystem = true
      mountPoints = [
        { sourceVolume = "a", containerPath = "/managed-agents" },
        { sourceVolume = "b", containerPath = "/var/lib/amazon/ssm" },
        { sourceVolume = "c", containerPath = "/var/log/amazon/ssm" },
      ]
    },
  ])
}

resource "aws_ecs_service" "svc" {
  name                   = "svc"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.task.arn
  launch_type            = "FARGATE"
  enable_execute_command = true # want: ecs-exec/audit-alert ecs-exec/session-bypass
}

resource "aws_cloudwatch_event_rule" "disabled_watcher" {
  name       = "disabled"
  is_enabled = false
  event_pattern = jsonencode({
    detail = { eventName = ["ExecuteCommand"] }
  })
}

resource "aws_cloudwatch_event_rule" "other_watcher" {
  name = "other"
  event_pattern = jsonencode({
    source = ["aws.ecs"]
    detail = { eventName = ["RunTask"] }
  })
}
