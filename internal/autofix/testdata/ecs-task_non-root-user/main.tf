resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "nginx:1.27"
      user  = "root" # the image needs it, they said
    },
    { name = "worker", image = "nginx:1.27" }
  ])
}
