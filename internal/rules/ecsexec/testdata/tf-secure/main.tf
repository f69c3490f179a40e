variable "key_arn" {
  type = string
}

resource "aws_ecs_cluster" "secure" {
  name = "secure"

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
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name     = "/ecs/exec"
        cloud_watch_encryption_enabled = true
        s3_bucket_name                 = aws_s3_bucket.logs.bucket
        s3_bucket_encryption_enabled   = true
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "exec" {
  name       = "/ecs/exec"
  kms_key_id = var.key_arn
}

resource "aws_s3_bucket" "logs" {
  bucket = "exec-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.key_arn
    }
  }
}

resource "aws_ecs_service" "svc" {
  name                   = "svc"
  cluster                = "secure"
  task_definition        = aws_ecs_task_definition.task.arn
  enable_execute_command = true
}

resource "aws_ecs_task_definition" "task" {
  family                = "task"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}

resource "aws_cloudwatch_event_rule" "watcher" {
  name = "exec"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail        = { eventName = ["ExecuteCommand"] }
  })
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "deny_sessions" {
  statement {
    effect    = "Deny"
    actions   = ["ssm:StartSession"]
    resources = ["arn:aws:ecs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:task/*"]
  }
}

resource "aws_iam_policy" "deny_sessions" {
  name   = "deny-direct-sessions"
  policy = data.aws_iam_policy_document.deny_sessions.json
}
