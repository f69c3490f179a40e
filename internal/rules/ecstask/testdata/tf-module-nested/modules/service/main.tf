variable "name" {}
variable "privileged" {}
variable "settings" {}

module "task" {
  source       = "../task"
  name         = var.name
  privileged   = var.privileged
  user         = var.settings.user
  network_mode = "host" # want: ecs-task/host-network ecs-task/host-network
}
