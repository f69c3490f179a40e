# Repositories of the shop.
variable "mutability" {
  type    = string
  default = "MUTABLE" # tags move on every release
}

resource "aws_ecr_repository" "api" {
  name                 = "shop/api"
  image_tag_mutability = var.mutability
}

resource "aws_ecr_repository" "web" {
  name = "shop/web" # no mutability written
}

resource "aws_ecr_repository" "worker" {
  name = "shop/worker"
  image_tag_mutability = "MUTABLE"
}
