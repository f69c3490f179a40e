# Terraform security groups: inline ingress blocks, separate rule resources
# and the groups of a service's tasks (left to ecs-service/open-security-group).
resource "aws_security_group" "instances" {
  name = "instances"
  ingress { # want: network/open-ingress
    protocol    = "tcp"
    from_port   = 2375
    to_port     = 2376
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "admin" { # want: network/open-ingress
  type              = "ingress"
  security_group_id = aws_security_group.instances.id
  protocol          = "tcp"
  from_port         = 9000
  to_port           = 9000
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "known" {
  security_group_id = aws_security_group.instances.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.0.0.0/8"
}

resource "aws_security_group" "tasks" {
  name = "tasks"
  ingress {
    protocol    = "tcp"
    from_port   = 8080
    to_port     = 8080
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_service" "app" {
  name = "app"
  network_configuration {
    subnets         = ["subnet-1"]
    security_groups = [aws_security_group.tasks.id]
  }
}

# A load balancer's group open on every port: the message says so.
resource "aws_security_group" "internal_lb" {
  ingress { # want: network/open-ingress
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "internal" {
  internal        = true
  security_groups = [aws_security_group.internal_lb.id]
}
