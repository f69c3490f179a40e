# The Docker socket as a Terraform host_path volume, mounted by the agent.
resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EC2"] # want: ecs-task/fargate-compat
  network_mode             = "awsvpc"
  volume {
    name      = "docker"
    host_path = "/var/run/docker.sock"
  }
  container_definitions = jsonencode([{
    name                   = "agent" # want: ecs-task/healthcheck
    image                  = "nginx:1.27"
    user                   = "1000:1000"
    readonlyRootFilesystem = true
    linuxParameters        = { capabilities = { drop = ["ALL"] } }
    logConfiguration       = { logDriver = "awslogs" }
    mountPoints = [{
      sourceVolume  = "docker" # want: ecs-task/docker-socket
      containerPath = "/var/run/docker.sock"
    }]
  }])
}
