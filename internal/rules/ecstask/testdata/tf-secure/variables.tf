variable "readonly" {
  type    = bool
  default = true
}

variable "container_user" {
  type = string
}

variable "efs_volumes" {
  type    = map(string)
  default = { data = "fs-1234", cache = "fs-5678" }
}
