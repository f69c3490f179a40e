# A condition on a variable without a value decides whether a nested block
# is written; a dynamic block over a collection that is unknown for another
# reason is unknown, not absent.
variable "key_arn" {
  type = string
}

variable "keys" {
  type = list(string)
}

variable "encrypt" {
  type = bool
}

# A dynamic block whose for_each depends on the condition.
resource "aws_ecr_repository" "maybe_encrypted" { # want: ecr/kms-cmk (when var.encrypt=false)
  name                 = "maybe-encrypted"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  dynamic "encryption_configuration" {
    for_each = var.encrypt ? [var.key_arn] : []
    content {
      encryption_type = "KMS"
      kms_key         = encryption_configuration.value
    }
  }
}

resource "aws_ecr_repository" "unknown_blocks" {
  name                 = "unknown-blocks"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
  dynamic "encryption_configuration" {
    for_each = var.keys
    content {
      encryption_type = "KMS"
      kms_key         = encryption_configuration.value
    }
  }
}

resource "aws_ecr_lifecycle_policy" "all" {
  for_each   = toset(["maybe-encrypted", "unknown-blocks"])
  repository = each.value
  policy     = jsonencode({ rules = [] })
}
