# Demo web service on ECS Fargate with its ECR repository: the Terraform
# variant of examples/cloudformation/ecs-fargate-stack.yaml, with the same
# deliberate weaknesses. Run `shipshape scan examples/terraform` to see what
# to fix.

resource "aws_ecr_repository" "web" {
  name                 = "demo/web"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = false
  }
}

resource "aws_ecs_cluster" "main" {
  name = "demo-${var.environment}"
  configuration {
    execute_command_configuration {
      logging = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
        cloud_watch_encryption_enabled = false
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "exec" {
  name              = "/ecs/demo/exec"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/demo/web"
  retention_in_days = 30
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "demo-web-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = "*"
    }]
  })
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_ecs_task_definition" "web" {
  family                   = "demo-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  task_role_arn            = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name         = "web"
      image        = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.current.name}.amazonaws.com/demo/web:${var.image_tag}"
      portMappings = [{ containerPort = 8080 }]
      environment = [
        { name = "DATABASE_URL", value = "postgres://app:s3cr3t-Pa55w0rd@db.internal:5432/app" },
        { name = "LOG_LEVEL", value = "info" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = "web"
        }
      }
    },
    {
      name      = "sidecar"
      image     = "datadog/agent:7"
      command   = ["sh", "-c", "apt-get update && apt-get install -y curl && /init"]
      essential = false
    },
  ])
}

resource "aws_security_group" "service" {
  name        = "demo-web"
  description = "web tasks"
  vpc_id      = var.vpc_id

  ingress {
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_service" "web" {
  name                   = "demo-web"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.web.arn
  launch_type            = "FARGATE"
  platform_version       = var.environment == "prod" ? "LATEST" : "1.3.0"
  enable_execute_command = true
  desired_count          = 2

  network_configuration {
    assign_public_ip = true
    subnets          = var.subnets
    security_groups  = [aws_security_group.service.id]
  }
}
