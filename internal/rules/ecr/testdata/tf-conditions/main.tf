# Conditionals on variables without a value: both branches are judged, and a
# finding of one branch is reported with the condition it needs.
variable "env" {
  type = string
}

variable "scan_images" {
  type = bool
}

variable "mutability" {
  type    = string
  default = "IMMUTABLE"
}

variable "key_arn" {
  type = string
}

locals {
  is_prod = var.env == "prod"
}

resource "aws_ecr_repository" "prod_only" {
  name                 = "prod-only"
  image_tag_mutability = var.env == "prod" ? "IMMUTABLE" : "MUTABLE" # want: ecr/tag-immutability (when var.env != "prod")
  image_scanning_configuration {
    scan_on_push = var.scan_images # unknown: never reported
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.key_arn
  }
}

resource "aws_ecr_repository" "either_way" {
  name                 = "either-way"
  image_tag_mutability = local.is_prod ? "IMMUTABLE" : "IMMUTABLE_WITH_EXCLUSION"
  image_scanning_configuration {
    scan_on_push = var.scan_images ? true : false # want: ecr/scan-on-push (when var.scan_images=false)
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.key_arn
  }
}

resource "aws_ecr_repository" "known" {
  name                 = "known"
  image_tag_mutability = var.mutability == "IMMUTABLE" ? "IMMUTABLE" : "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.key_arn
  }
}

resource "aws_kms_key" "ecr" {
  enable_key_rotation = true
}

resource "aws_ecr_repository" "from_resource" {
  name                 = "from-resource"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    # A condition on a resource attribute stays unknown.
    encryption_type = aws_kms_key.ecr.arn != "" ? "KMS" : "AES256"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "all" {
  for_each   = toset(["prod-only", "either-way", "known", "from-resource"])
  repository = each.value
  policy     = jsonencode({ rules = [] })
}
