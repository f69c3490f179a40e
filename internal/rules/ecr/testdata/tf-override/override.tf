resource "aws_ecr_repository" "fixed" {
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

variable "mutability" {
  default = "IMMUTABLE"
}

locals {
  scan = true
}

resource "aws_ecr_repository" "untouched" {
  name = "untouched"
}
