# Repository settings in Terraform: tag mutability, scan on push, encryption,
# and lifecycle and repository policies declared as resources of their own.
resource "aws_kms_key" "ecr" {
  enable_key_rotation = true
}

resource "aws_ecr_repository" "secure" {
  name                 = "secure"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "secure" {
  repository = aws_ecr_repository.secure.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 14 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecr_repository" "bare" { # want: ecr/tag-immutability ecr/scan-on-push ecr/kms-cmk ecr/lifecycle-policy
  name = "bare"
}

resource "aws_ecr_repository" "all_wrong" { # want: ecr/lifecycle-policy
  name                 = "all-wrong"
  image_tag_mutability = "MUTABLE" # want: ecr/tag-immutability
  image_scanning_configuration {
    scan_on_push = false # want: ecr/scan-on-push
  }
  encryption_configuration {
    encryption_type = "AES256" # want: ecr/kms-cmk
  }
}

resource "aws_ecr_repository" "by_name" {
  name                 = "by-name"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "alias/aws/ecr" # want: ecr/kms-cmk
  }
}

# The lifecycle policy names the repository by its name, not a reference.
resource "aws_ecr_lifecycle_policy" "by_name" {
  repository = "by-name"
  policy     = file("${path.module}/lifecycle.json")
}

resource "aws_ecr_repository" "public_pull" {
  for_each             = toset(["one", "two"])
  name                 = "public-${each.key}"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "public_pull" {
  for_each   = aws_ecr_repository.public_pull
  repository = each.value.name
  policy     = file("${path.module}/lifecycle.json")
}

data "aws_iam_policy_document" "public_pull" {
  statement {
    sid     = "Pull"
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_ecr_repository_policy" "public_pull" {
  for_each   = aws_ecr_repository.public_pull
  repository = each.value.name
  policy     = data.aws_iam_policy_document.public_pull.json # want: ecr/public-access ecr/public-access
}
