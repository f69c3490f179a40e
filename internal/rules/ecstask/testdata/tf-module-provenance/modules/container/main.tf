variable "name" {}
variable "image" {}
variable "user" { default = null }
variable "privileged" { default = null }
variable "readonly_root" { default = true }
variable "linux_parameters" {
  default  = {}
  nullable = false
}
variable "os_family" { default = "LINUX" }

locals {
  is_linux = var.os_family == "LINUX"
  definition = {
    name                   = var.name
    image                  = var.image
    essential              = true
    user                   = local.is_linux ? var.user : null
    privileged             = local.is_linux ? var.privileged : null
    readonlyRootFilesystem = var.readonly_root
    linuxParameters        = merge({ initProcessEnabled = true }, { for k, v in var.linux_parameters : k => v if v != null })
    healthCheck            = { command = ["CMD", "true"] }
    logConfiguration       = { logDriver = "awslogs" }
  }
  # Nulls are dropped, as terraform-aws-ecs does.
  container_definition = { for k, v in local.definition : k => v if v != null }
}

output "container_definition" {
  value = local.container_definition
}
