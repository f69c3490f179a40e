# Account-level settings in Terraform, each with its weakness.

resource "aws_cloudtrail" "single_region" { # want: trail/enabled
  name           = "single-region"
  s3_bucket_name = "trail-logs"
}

resource "aws_cloudtrail" "stopped" {
  name                  = "stopped"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = true
  enable_logging        = false # want: trail/enabled
}

resource "aws_cloudtrail" "data_only" {
  name                  = "data-only"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = true
  event_selector { # want: trail/enabled
    include_management_events = false
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::bucket/"]
    }
  }
}

resource "aws_guardduty_detector" "disabled" {
  enable = false # want: guardduty/ecs-runtime
}

resource "aws_guardduty_detector" "runtime_without_fargate" {}

resource "aws_guardduty_detector_feature" "runtime" { # want: guardduty/ecs-runtime
  detector_id = aws_guardduty_detector.runtime_without_fargate.id
  name        = "RUNTIME_MONITORING"
  status      = "ENABLED"
  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "ENABLED"
  }
}

resource "aws_inspector2_enabler" "ec2_only" {
  account_ids    = ["123456789012"]
  resource_types = ["EC2"] # want: inspector/ecr-enabled
}

resource "aws_efs_file_system" "plain" { # want: data/efs-encrypted
  performance_mode = "generalPurpose"
}

resource "aws_efs_file_system" "explicitly_plain" {
  encrypted = false # want: data/efs-encrypted
}

resource "aws_launch_template" "nodes" {
  image_id = "ami-0123456789abcdef0"
  block_device_mappings { # want: data/ebs-encrypted
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
    }
  }
  block_device_mappings {
    device_name = "/dev/xvdb"
    ebs {
      volume_size = 100
      encrypted   = "false" # want: data/ebs-encrypted
    }
  }
  block_device_mappings {
    device_name = "/dev/xvdc"
    ebs {
      encrypted = "true"
    }
  }
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false # want: data/ebs-encrypted
  }
}

resource "aws_ebs_volume" "data" { # want: data/ebs-encrypted
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_ebs_volume" "restored" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

resource "aws_codebuild_project" "build" {
  name         = "build"
  service_role = "arn:aws:iam::123456789012:role/build"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  source {
    type     = "CODECOMMIT"
    location = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app"
  }
  environment {
    type            = "LINUX_CONTAINER"
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/standard:7.0"
    privileged_mode = true # want: build/codebuild-privileged
  }
}

resource "aws_cloudwatch_log_group" "app" { # want: data/log-group-kms
  name              = "/ecs/app"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "nginx:1.27"
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = aws_cloudwatch_log_group.app.name }
    }
  }])
}
