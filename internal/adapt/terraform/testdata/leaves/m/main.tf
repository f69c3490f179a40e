data "aws_region" "current" {}
variable "user"  { default = null }
variable "image" {}
locals {
  lc  = { logDriver = "awslogs", options = { "awslogs-region" = data.aws_region.current.region } }
  def = {
    name             = "app"
    image            = var.image
    user             = var.user
    privileged       = true
    logConfiguration = length(local.lc) > 0 ? local.lc : null
  }
  container_definition = { for k, v in local.def : k => v if v != null }
}
output "container_definition" { value = local.container_definition }
output "container_definition_json" { value = jsonencode(local.container_definition) }
