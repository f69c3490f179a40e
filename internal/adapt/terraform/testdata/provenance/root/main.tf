module "m" {
  source = "../m"
  user   = "0"
  os     = "LINUX"
  containers = {
    each = {
      user = "0"
    }
  }
  over     = { user = "0" }
  maybe    = "0"
  settings = { user = "0" }
  uid      = "0"
  repo     = "busybox"
  n        = 2
  names    = ["a", "b"]
  volumes  = ["v1", "v2"]
}
