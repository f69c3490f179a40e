# A data source reads an existing resource: its arguments only say which one,
# so the settings it does not show are not reported as missing.
data "aws_ecs_cluster" "shared" {
  cluster_name = "shared"
}

data "aws_efs_file_system" "shared" {
  file_system_id = "fs-12345678"
}

resource "aws_ecs_cluster" "own" { # want: ecs-cluster/container-insights
  name = "own"
}
