# EKS clusters in Terraform.
resource "aws_kms_key" "eks" {}

resource "aws_eks_cluster" "defaults" { # want: eks/secrets-encryption eks/control-plane-logging
  name     = "defaults"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config { # want: eks/public-endpoint
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}

resource "aws_eks_cluster" "open_to_all" {
  name     = "open-to-all"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids             = ["subnet-1", "subnet-2"]
    endpoint_public_access = true
    public_access_cidrs = [
      "203.0.113.0/24",
      "0.0.0.0/0", # want: eks/public-endpoint
    ]
  }
  enabled_cluster_log_types = ["audit", "api"] # want: eks/control-plane-logging
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids              = ["subnet-1", "subnet-2"]
    endpoint_public_access  = false
    endpoint_private_access = true
  }
  enabled_cluster_log_types = ["api", "audit", "authenticator"]
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}
