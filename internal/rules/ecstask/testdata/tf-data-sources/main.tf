# The latest revision of a task definition, read by a data source, is not
# checked: its settings are not written here.
data "aws_ecs_task_definition" "latest" {
  task_definition = "app"
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = "main"
  task_definition = data.aws_ecs_task_definition.latest.arn
  launch_type     = "FARGATE"
}
