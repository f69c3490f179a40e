// Package eks holds the rules on EKS clusters ("AWSのコンテナセキュリティを考えるoverview" (Fusic on Zenn), orchestrator
// protection: reach the API server only from permitted networks, protect the
// cluster's secrets, and keep a record of who did what).
package eks

import "github.com/shipshape/shipshape/internal/model"

// inputs are the formats that can declare an EKS cluster.
var inputs = []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS}
