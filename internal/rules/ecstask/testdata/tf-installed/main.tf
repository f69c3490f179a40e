# A registry module installed by terraform init is followed through
# .terraform/modules/modules.json; the installed copy is not scanned on its
# own. A module that is not installed is skipped with a notice.
module "task" {
  source  = "acme/ecs-task/aws"
  version = "1.0.0"
  name    = "installed"
  network = "host" # want: ecs-task/host-network
}

module "missing" {
  source = "acme/not-installed/aws"
}
