# A suppression without a reason is void: the finding stays, and the
# comment itself is reported (expectations in main.tf.want).
# shipshape:ignore ecs-cluster/container-insights
resource "aws_ecs_cluster" "dev" {
  name = "dev"
}
