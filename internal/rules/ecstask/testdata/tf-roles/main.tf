# Task and execution roles whose policies are written every way Terraform
# allows: inline blocks, aws_iam_role_policy, aws_iam_policy with an
# attachment, managed policy ARNs and the aws_iam_policy_document data source.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::bucket/*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "task" {
  name                = "task"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # want: ecs-task/role-wildcard
}

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.app.json # want: ecs-task/role-wildcard
}

resource "aws_iam_role_policy" "logs" {
  role = aws_iam_role.task.name
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" },
      { Effect = "Allow", NotAction = "iam:*", Resource = "*" }, # want: ecs-task/role-wildcard
    ]
  })
}

resource "aws_kms_key" "key" {}

resource "aws_iam_policy" "kms" {
  name = "kms"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "kms:*" # want: ecs-task/role-wildcard
      Resource = aws_kms_key.key.arn
    }]
  })
}

resource "aws_iam_role_policy_attachment" "kms" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.kms.arn
}

resource "aws_iam_role" "execution" {
  name               = "execution"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "exec" {
  name = "exec"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = "*" }] # want: ecs-task/role-wildcard
  })
}

resource "aws_iam_role" "unused" {
  name               = "unused"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name   = "not-a-task-role"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}

resource "aws_ecs_task_definition" "task" {
  family                   = "roles"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name                   = "app" # want: ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }])
}
