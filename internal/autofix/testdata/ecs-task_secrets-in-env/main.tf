resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "nginx:1.27"
      environment = [
        { name = "MODE", value = "production" },
        # the database
        { name = "DB_PASSWORD", value = "Zq8v1LmN0pRt5XwY" },
      ]
    }
  ])
}
