variable "environment" {
  description = "dev or prod"
  type        = string
  default     = "dev"
}

variable "image_tag" {
  type    = string
  default = "latest"
}

variable "vpc_id" {
  type = string
}

variable "subnets" {
  type = list(string)
}
