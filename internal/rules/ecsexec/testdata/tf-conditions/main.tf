# A resource created only under a condition on a variable without a value:
# the alert exists when var.alerts is true, so the service is reported only
# when it is false.
variable "alerts" {
  type = bool
}

variable "key_arn" {
  type = string
}

resource "aws_cloudwatch_event_rule" "exec" {
  count = var.alerts ? 1 : 0
  name  = "exec"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail        = { eventName = ["ExecuteCommand"] }
  })
}

resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
  configuration {
    managed_storage_configuration {
      fargate_ephemeral_storage_kms_key_id = var.key_arn
    }
    execute_command_configuration {
      kms_key_id = var.key_arn
      logging    = "DEFAULT"
    }
  }
}

resource "aws_ecs_service" "svc" {
  name                   = "svc"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = "app:1"
  launch_type            = "FARGATE"
  enable_execute_command = true # want: ecs-exec/session-bypass ecs-exec/audit-alert (when var.alerts=false)
}

resource "aws_ecs_service" "debug" {
  name                   = "debug"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = "app:1"
  launch_type            = "FARGATE"
  enable_execute_command = local.exec # want: ecs-exec/session-bypass ecs-exec/audit-alert (when var.debug=true, and var.alerts=false)
}
