package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-cluster/fargate-storage-cmk",
		Title:    "Fargate ephemeral storage uses the AWS-owned key",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Info,
		Rationale: "Fargate encrypts ephemeral storage by default with an AWS-owned key (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\"). A customer " +
			"managed key, set on the cluster's ManagedStorageConfiguration, puts use of the data under your key " +
			"policy and in CloudTrail. AWS documentation: Amazon ECS Developer Guide, \"Fargate security best practices in Amazon ECS\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Configuration:\n  ManagedStorageConfiguration:\n    FargateEphemeralStorageKmsKeyId: !Ref StorageKey",
			model.Terraform:      "configuration {\n  managed_storage_configuration {\n    fargate_ephemeral_storage_kms_key_id = aws_kms_key.storage.id\n  }\n}",
		},
		Inputs: clusterInputs,
		Check: func(p *rule.Pass) {
			if !usesFargate(p.State) {
				return
			}
			for _, c := range model.Of[*model.ECSCluster](p.State) {
				if c.FargateStorageKMSKey.KnownEmpty() {
					p.Reportf(c, c.FargateStorageKMSKey.Pos, "Fargate tasks' ephemeral storage is encrypted with an AWS-owned key; set %s to a customer managed key",
						rule.Prop(c.Format, "ManagedStorageConfiguration.FargateEphemeralStorageKmsKeyId"))
				}
			}
		},
	})
}

// usesFargate reports whether the state runs anything on Fargate.
func usesFargate(st *model.State) bool {
	for _, td := range model.Of[*model.TaskDefinition](st) {
		if td.RequiresCompatibilities.Has("FARGATE") {
			return true
		}
	}
	for _, s := range model.Of[*model.ECSService](st) {
		if s.LaunchType.Is("FARGATE") || s.CapacityProviders.Has("FARGATE", "FARGATE_SPOT") {
			return true
		}
	}
	return false
}
