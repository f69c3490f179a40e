resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = <<-EOT
    [
      {
        "name": "api",
        "image": "nginx:1.27",
        "environment": [
          {"name": "API_TOKEN", "value": "Zq8v1LmN0pRt5XwY"}
        ]
      }
    ]
  EOT
}
