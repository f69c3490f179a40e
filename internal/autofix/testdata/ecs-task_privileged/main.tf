variable "tag" {
  default = "1.2.3"
}

resource "aws_ecs_task_definition" "agent" {
  family = "agent"

  # written by hand, as the console shows it
  container_definitions = <<EOT
[
  {
    "name": "agent",
    "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/agent:${var.tag}",
    "essential": true,
    "privileged": true
  }
]
EOT
}
