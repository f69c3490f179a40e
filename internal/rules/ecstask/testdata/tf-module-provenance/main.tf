# Values the root writes inside a map of container definitions reach the
# task definition through for_each (each.value), a nested module, a local
# that drops nulls and the module's output: each finding is placed on the
# root's line that wrote the value, the module's line is the related
# location. A value the service module's type gives by default
# (readonly_root = true) is the module's. A container built from an object
# the root wrote, which lacks a setting (no user), is reported on that
# object, where the setting can be added.
module "svc" {
  source = "./modules/service"
  name   = "svc"
  containers = {
    app = {
      image         = "nginx:1.27"
      user          = "0" # want: ecs-task/non-root-user
      readonly_root = false # want: ecs-task/readonly-rootfs
      linux_parameters = {
        capabilities = { drop = ["NET_RAW"] } # want: ecs-task/capabilities
      }
    }
    sidecar = {
      image      = "fluent/fluent-bit:3.0" # want: ecs-task/trusted-registry
      user       = "1000"
      privileged = true # want: ecs-task/privileged
      linux_parameters = {
        capabilities = { drop = ["ALL"] }
      }
    }
    nouser = { # want: ecs-task/non-root-user
      image            = "nginx:1.27"
      privileged       = false
      linux_parameters = { capabilities = { drop = ["ALL"] } }
    }
    nocaps = { # want: ecs-task/capabilities
      image         = "nginx:1.27"
      user          = "1000"
      readonly_root = true
    }
    off = {
      image      = "busybox:1.36"
      privileged = true
      create     = false
    }
  }
}
