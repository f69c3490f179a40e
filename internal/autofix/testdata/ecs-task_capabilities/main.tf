resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "nginx:1.27"
      linuxParameters = {
        capabilities = {
          drop = ["NET_RAW"] # ping is not needed
        }
      }
    },
    {
      name  = "worker"
      image = "nginx:1.27"
    }
  ])
}
