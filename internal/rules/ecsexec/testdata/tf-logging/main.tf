resource "aws_ecs_cluster" "no_logs" {
  name = "no-logs"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
  configuration {
    execute_command_configuration {
      kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abc"
      logging    = "NONE" # want: ecs-exec/logging
    }
  }
}

resource "aws_ecs_cluster" "override_nowhere" {
  name = "override-nowhere"
  setting {
    name  = "containerInsights"
    value = "disabled" # want: ecs-cluster/container-insights
  }
  configuration {
    execute_command_configuration {
      kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abc"
      logging    = "OVERRIDE"
      log_configuration {} # want: ecs-exec/logging
    }
  }
}

# Settings written with a dynamic block.
resource "aws_ecs_cluster" "no_exec" {
  name = "no-exec"
  dynamic "setting" {
    for_each = { containerInsights = "enhanced" }
    content {
      name  = setting.key
      value = setting.value
    }
  }
}

resource "aws_ecs_cluster" "plain_group_target" {
  name = "plain-group-target"
  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
  configuration {
    execute_command_configuration {
      kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/abc"
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.plain.name
        cloud_watch_encryption_enabled = true
        s3_bucket_name                 = "logs"
        s3_bucket_encryption_enabled   = false # want: ecs-exec/log-encryption
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "plain" { # want: ecs-exec/log-encryption
  name = "/ecs/plain"
}

# An unknown insights value (variable without default) is never reported.
variable "insights" {
  type = string
}

resource "aws_ecs_cluster" "unknown" {
  name = "unknown"
  setting {
    name  = "containerInsights"
    value = var.insights
  }
}

# Suppressed with a reason on the line above.
# shipshape:ignore ecs-cluster/container-insights -- dev cluster, metrics cost too much
resource "aws_ecs_cluster" "dev" {
  name = "dev"
}

# Settings from a dynamic block over an unknown collection: unknown, not
# reported.
variable "settings" {
  type = map(string)
}

resource "aws_ecs_cluster" "dynamic_unknown" {
  name = "dynamic-unknown"
  dynamic "setting" {
    for_each = var.settings
    content {
      name  = setting.key
      value = setting.value
    }
  }
}
