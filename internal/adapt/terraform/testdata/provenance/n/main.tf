variable "name" {}
variable "user" { default = null }
variable "image" { default = "nginx:1.27" }

output "def" {
  value = { for k, v in { name = var.name, image = var.image, user = var.user } : k => v if v != null }
}

output "json" {
  value = jsonencode([{ for k, v in { name = var.name, image = var.image, user = var.user } : k => v if v != null }])
}
