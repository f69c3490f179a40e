# Override files are merged into the blocks they override: arguments replace
# arguments, nested blocks replace the blocks of their type, variables and
# locals are overridden one by one.
variable "mutability" {
  type    = string
  default = "MUTABLE"
}

locals {
  scan = false
}

resource "aws_kms_key" "ecr" {
  enable_key_rotation = true
}

# Fixed by override.tf: no finding.
resource "aws_ecr_repository" "fixed" {
  name                 = "fixed"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = false
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# Broken by the overrides: what comes from an override file is reported on
# the line of the resource it overrides.
resource "aws_ecr_repository" "broken" { # want: ecr/tag-immutability ecr/kms-cmk
  name                 = "broken"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# The variable's default and the local are overridden: IMMUTABLE, and scan
# on push on.
resource "aws_ecr_repository" "from_values" {
  name                 = "from-values"
  image_tag_mutability = var.mutability
  image_scanning_configuration {
    scan_on_push = local.scan
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# Not overridden: the override of another block type leaves its own blocks.
resource "aws_ecr_repository" "untouched" {
  name                 = "untouched"
  image_tag_mutability = "MUTABLE" # want: ecr/tag-immutability
  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "all" {
  for_each   = toset(["fixed", "broken", "from-values", "untouched"])
  repository = each.value
  policy     = jsonencode({ rules = [] })
}
