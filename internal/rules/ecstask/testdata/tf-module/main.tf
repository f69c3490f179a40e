# A local module, called several times with different inputs. The module's
# own default (privileged) is overridden by its callers, so only the "debug"
# call and the "b" instance are reported, each once, on the caller's line
# that sets privileged (the module's line is the related location); the
# module directory is not also scanned on its own.
module "web" {
  source     = "./modules/task"
  name       = "web"
  privileged = false
}

module "debug" {
  source     = "./modules/task"
  name       = "debug"
  privileged = true # want: ecs-task/privileged
}

module "remote" {
  source  = "terraform-aws-modules/ecs/aws"
  version = "~> 5.0"
}

resource "aws_iam_role" "task" {
  name               = "task"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
  inline_policy {
    name = "all"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # want: ecs-task/role-wildcard
    })
  }
}

module "with_role" {
  source        = "./modules/task"
  name          = "with-role"
  privileged    = false
  task_role_arn = aws_iam_role.task.arn
}

# count = 0: the module is not instantiated, nothing is reported.
module "disabled" {
  count      = 0
  source     = "./modules/task"
  name       = "disabled"
  privileged = true
}

# for_each: one instance per key; only "b" is privileged.
module "fleet" {
  for_each   = { a = false, b = true }
  source     = "./modules/task"
  name       = "fleet-${each.key}"
  privileged = each.value # want: ecs-task/privileged
}
