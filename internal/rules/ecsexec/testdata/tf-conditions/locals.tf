# A local in another file that holds a conditional on a variable without a
# value: its findings are placed on the line that uses it.
variable "debug" {
  type = bool
}

locals {
  exec = var.debug ? true : false
}
