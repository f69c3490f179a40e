resource "aws_kms_key" "ecr" {}

resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "ecr:*" }]
  })
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = "app"
  policy     = file("${path.module}/lifecycle.json")
}

resource "aws_ecrpublic_repository" "pub" {
  repository_name = "pub"
}

resource "aws_ecr_registry_scanning_configuration" "scan" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_cloudtrail" "trail" {
  name                  = "trail"
  is_multi_region_trail = true
  event_selector {
    include_management_events = true
  }
}

resource "aws_cloudwatch_log_metric_filter" "exec" {
  name           = "exec"
  log_group_name = "trail-logs"
  pattern        = "{ $.eventName = \"ExecuteCommand\" }"
}

resource "aws_guardduty_detector" "gd" {}

resource "aws_guardduty_detector_feature" "runtime" {
  detector_id = aws_guardduty_detector.gd.id
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

resource "aws_efs_file_system" "fs" {
  encrypted = false
}

resource "aws_launch_template" "lt" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted = "false"
    }
  }
}

resource "aws_instance" "i" {
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdb"
  }
}

resource "aws_codebuild_project" "build" {
  name = "build"
  environment {
    privileged_mode = true
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
  }
}

resource "aws_eks_cluster" "eks" {
  name = "eks"
  vpc_config {
    endpoint_public_access = true
    public_access_cidrs    = ["0.0.0.0/0"]
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.ecr.arn
    }
  }
  enabled_cluster_log_types = ["audit", "authenticator"]
}

resource "aws_ebs_encryption_by_default" "off" {
  enabled = false
}
