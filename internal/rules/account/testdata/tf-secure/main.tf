# The same settings done right: nothing to report.
variable "kms_key_arn" {
  type = string
}

resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = true
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"
  additional_configuration {
    name   = "ECS_FARGATE_AGENT_MANAGEMENT"
    status = "ENABLED"
  }
}

resource "aws_inspector2_enabler" "ecr" {
  account_ids    = ["123456789012"]
  resource_types = ["ECR", "EC2"]
}

resource "aws_efs_file_system" "data" {
  encrypted  = true
  kms_key_id = var.kms_key_arn
}

# Every new EBS volume is encrypted by the account setting.
resource "aws_ebs_encryption_by_default" "on" {}

resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
    }
  }
}

resource "aws_codebuild_project" "build" {
  name         = "build"
  service_role = "arn:aws:iam::123456789012:role/build"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  source {
    type = "CODECOMMIT"
  }
  environment {
    type         = "LINUX_CONTAINER"
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/ecs/app"
  kms_key_id = var.kms_key_arn
}
