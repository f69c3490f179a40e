variable "subnets" {
  type = list(string)
}

variable "platform_version" {
  type = string
}

locals {
  open_ports = [22, 3389]
}

resource "aws_security_group" "open" {
  name = "tasks"

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress { # want: ecs-service/open-security-group
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }
  ingress { # want: ecs-service/open-security-group
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    ipv6_cidr_blocks = ["::/0"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    protocol    = "icmp"
    from_port   = -1
    to_port     = -1
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" { # want: ecs-service/open-security-group ecs-service/open-security-group
    for_each = local.open_ports
    content {
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_security_group_rule" "extra" { # want: ecs-service/open-security-group
  type              = "ingress"
  security_group_id = aws_security_group.open.id
  protocol          = "tcp"
  from_port         = 80
  to_port           = 8080
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "egress" {
  type              = "egress"
  security_group_id = aws_security_group.open.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "postgres" { # want: ecs-service/open-security-group
  security_group_id = aws_security_group.open.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "unused_open" {
  name = "not attached to a service"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_service" "public" {
  name             = "public"
  launch_type      = "FARGATE"
  platform_version = "1.3.0" # want: ecs-service/platform-version
  task_definition  = "app:1"
  network_configuration {
    assign_public_ip = true # want: ecs-service/public-ip
    subnets          = var.subnets
    security_groups  = [aws_security_group.open.id]
  }
}

resource "aws_ecs_service" "private" {
  name             = "private"
  platform_version = "1.4.0"
  task_definition  = "app:1"
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
  }
  network_configuration {
    assign_public_ip = false
    subnets          = var.subnets
    security_groups  = [aws_security_group.open.id]
  }
}

resource "aws_ecs_service" "unknown_version" {
  name             = "unknown-version"
  launch_type      = "FARGATE"
  platform_version = var.platform_version
  task_definition  = "app:1"
}

resource "aws_ecs_service" "ec2" {
  name             = "ec2"
  launch_type      = "EC2"
  platform_version = "1.3.0"
  task_definition  = "app:1"
}

# Suppressed by a trailing comment, and by a block comment above.
resource "aws_ecs_service" "suppressed" {
  name            = "suppressed"
  launch_type     = "FARGATE"
  task_definition = "app:1"
  /* shipshape:ignore ecs-service/platform-version -- pinned until the agent supports 1.4.0 */
  platform_version = "1.3.0"
  network_configuration {
    assign_public_ip = true # shipshape:ignore ecs-service/public-ip -- demo endpoint, no data
    subnets          = var.subnets
  }
}

# No launch type and no strategy of its own: the service runs on its
# cluster's default capacity provider strategy, here Fargate.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_ecs_service" "default_strategy" {
  name             = "default-strategy"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = "app:1"
  platform_version = "1.3.0" # want: ecs-service/platform-version
}

variable "prod" {
  type = bool
}

# The condition is on a variable without a value: both branches are judged,
# and the old version is reported with the condition it needs. Both branches
# public: reported plainly.
resource "aws_ecs_service" "conditional" {
  name             = "conditional"
  launch_type      = "FARGATE"
  task_definition  = "app:1"
  platform_version = var.prod ? "LATEST" : "1.3.0" # want: ecs-service/platform-version (when var.prod=false)
  network_configuration {
    assign_public_ip = var.prod ? true : true # want: ecs-service/public-ip
    subnets          = var.subnets
  }
}
