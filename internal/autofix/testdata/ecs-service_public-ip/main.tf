resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "arn:aws:ecs:eu-west-1:111122223333:task-definition/api:1"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0123456789abcdef0"]
    assign_public_ip = true # to pull images without a NAT
  }
}
