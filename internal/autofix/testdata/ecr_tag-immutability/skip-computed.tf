resource "aws_ecr_repository" "api" {
  name                 = "shop/api"
  image_tag_mutability = upper("mutable")
}
