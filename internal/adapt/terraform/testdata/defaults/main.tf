# Arguments left out take the provider's documented default.
resource "aws_cloudtrail" "trail" {
  name           = "t"
  s3_bucket_name = "b"
}

resource "aws_ebs_encryption_by_default" "off" {
  enabled = false
}

resource "aws_ebs_encryption_by_default" "on" {}

resource "aws_ecs_task_definition" "bridge" {
  family                = "b"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])
}

resource "aws_guardduty_detector" "d" {}

resource "aws_cloudwatch_event_rule" "r" {
  event_pattern = jsonencode({ source = ["aws.ecs"] })
}
