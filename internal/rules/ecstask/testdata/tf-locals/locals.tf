locals {
  sidecars = [{
    name                   = "sidecar"
    image                  = "nginx:1.27"
    user                   = "1000"
    readonlyRootFilesystem = false
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
  }]
}
