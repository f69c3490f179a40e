// Package account holds the account-level and data rules of the runtime
// protection in "AWSのコンテナセキュリティを考えるoverview" (Fusic on Zenn): a multi-Region CloudTrail trail, GuardDuty Runtime
// Monitoring for ECS, Amazon Inspector scanning of ECR, encryption at rest of
// EFS, EBS and the log groups tasks write to, and CodeBuild's privileged mode.
//
// These rules judge what a template or module declares. A template that does
// not declare a trail or a detector is not reported: the account may well
// have one elsewhere. Declared resources that are insecure are.
package account

import "github.com/shipshape/shipshape/internal/model"

// inputs are the formats that can declare the resources these rules read.
var inputs = []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS}

// liveAccount returns the account resource of a live AWS state (nil for
// templates, which may leave account-wide settings to another stack).
func liveAccount(st *model.State) []*model.AWSAccount {
	if st.Format != model.LiveAWS {
		return nil
	}
	return model.Of[*model.AWSAccount](st)
}
