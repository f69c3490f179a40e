# Basic registry scanning whose rules cover some repositories; repository
# policies written with aws_iam_policy_document.
resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "BASIC" # want: ecr/continuous-scan

  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "prod"
      filter_type = "WILDCARD"
    }
    repository_filter {
      filter      = "team-*-api"
      filter_type = "WILDCARD"
    }
  }

  rule {
    scan_frequency = "MANUAL"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

locals {
  repositories = ["app-prod-web", "team-billing-api", "team-billing-worker"]
}

resource "aws_ecr_repository" "this" { # want: ecr/scan-on-push
  for_each             = toset(local.repositories)
  name                 = each.value
  image_tag_mutability = "IMMUTABLE"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "alias/ecr-images"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each   = toset(local.repositories)
  repository = each.value
  policy     = jsonencode({ rules = [] })
}

data "aws_iam_policy_document" "org_pull" {
  statement {
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_ecr_repository_policy" "org_pull" {
  repository = aws_ecr_repository.this["app-prod-web"].name
  policy     = data.aws_iam_policy_document.org_pull.json
}

resource "aws_ecr_repository_policy" "everything" {
  repository = aws_ecr_repository.this["team-billing-api"].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" } # want: ecr/public-access
      Action    = "ecr:*"       # want: ecr/policy-wide-actions
    }]
  })
}

resource "aws_ecrpublic_repository" "public" { # want: ecr/public-access
  repository_name = "public-images"
}
