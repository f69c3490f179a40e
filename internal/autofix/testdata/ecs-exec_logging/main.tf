resource "aws_ecs_cluster" "main" {
  name = "main"

  configuration {
    execute_command_configuration {
      kms_key_id = "alias/exec"
      logging    = "NONE" # nobody reads them
    }
  }
}

resource "aws_ecs_service" "api" {
  name                   = "api"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = "arn:aws:ecs:eu-west-1:111122223333:task-definition/api:1"
  enable_execute_command = true
}
