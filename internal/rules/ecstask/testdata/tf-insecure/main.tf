# Every task-definition weakness, written the way Terraform users write it:
# container definitions with jsonencode, volumes as blocks.
resource "aws_ecs_task_definition" "task" { # want: ecs-task/fargate-compat
  family       = "insecure"
  network_mode = "host" # want: ecs-task/host-network
  pid_mode     = "host" # want: ecs-task/host-namespaces
  ipc_mode     = "host" # want: ecs-task/host-namespaces

  volume {
    name = "data"
    efs_volume_configuration { # want: ecs-task/efs-transit-encryption
      file_system_id = "fs-1234"
    }
  }

  container_definitions = jsonencode([
    {
      name                   = "app" # want: ecs-task/logging ecs-task/non-root-user ecs-task/healthcheck
      image                  = "nginx:1.27"
      privileged             = true  # want: ecs-task/privileged
      readonlyRootFilesystem = false # want: ecs-task/readonly-rootfs
      linuxParameters = {
        capabilities = {
          add  = ["SYS_ADMIN", "NET_ADMIN"] # want: ecs-task/capabilities ecs-task/capabilities
          drop = ["NET_RAW"]                # want: ecs-task/capabilities
        }
      }
      dockerSecurityOptions = [
        "seccomp=unconfined",  # want: ecs-task/security-options
        "apparmor:unconfined", # want: ecs-task/security-options
        "no-new-privileges",
      ]
    },
    {
      name                   = "root" # want: ecs-task/capabilities ecs-task/logging ecs-task/healthcheck
      image                  = "nginx:1.27"
      user                   = "0:0"   # want: ecs-task/non-root-user
      readonlyRootFilesystem = "false" # want: ecs-task/readonly-rootfs
    },
  ])
}
