resource "aws_ecs_cluster" "main" {
  name = "main"

  configuration {
    execute_command_configuration {
      logging = "DEFAULT" # awslogs of the tasks
    }
  }
}

resource "aws_ecs_service" "api" {
  name                   = "api"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = "arn:aws:ecs:eu-west-1:111122223333:task-definition/api:1"
  enable_execute_command = true
}
