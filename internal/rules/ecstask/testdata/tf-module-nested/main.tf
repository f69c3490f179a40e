# A value the root writes and a module only passes on to the module it
# calls (privileged = var.privileged) is reported on the root's line, once
# per instance; a value the middle module writes itself is reported on its
# line. The value of an object argument's attribute (var.settings.user) is
# placed on the attribute the caller wrote.
module "api" {
  source     = "./modules/service"
  name       = "api"
  privileged = true # want: ecs-task/privileged
  settings = {
    user = "0" # want: ecs-task/non-root-user
  }
}

module "web" {
  source     = "./modules/service"
  name       = "web"
  privileged = false
  settings = {
    user = "1000"
  }
}
