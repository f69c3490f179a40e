package ecsexec

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/kms-key",
		Title:    "ECS Exec sessions are not encrypted with a customer KMS key",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "ECS Exec traffic is protected by TLS only unless the cluster names a KMS key; with a customer " +
			"key the session data is encrypted again and every use is logged in CloudTrail (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": encrypt ECS " +
			"Exec communication with a KMS key). AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Configuration:\n  ExecuteCommandConfiguration:\n    KmsKeyId: !Ref ExecKey",
			model.Terraform:      "configuration {\n  execute_command_configuration {\n    kms_key_id = aws_kms_key.exec.arn\n  }\n}",
		},
		Inputs: clusterInputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_AWS_224"}},
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixExecKMSKey, model.Terraform: fixExecKMSKeyTF},
		Check: func(p *rule.Pass) {
			for _, c := range execClusters(p.State) {
				if c.ExecKMSKey.KnownEmpty() {
					key := rule.Prop(c.Format, "KmsKeyId")
					p.Reportf(c, c.ExecKMSKey.Pos.Or(c.ExecConfig.Pos), "%s has no %s, so ECS Exec sessions on this cluster are protected by TLS only; set %s to a customer managed KMS key",
						rule.Prop(c.Format, "ExecuteCommandConfiguration"), key, key)
				}
			}
		},
	})
}

// fixExecKMSKey sets the exec configuration's KmsKeyId to the chosen key.
func fixExecKMSKey(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if key, ok := p.KMSKey(d); ok {
		p.Try(d.SetProperty(p.Finding.Resource, []string{"Configuration", "ExecuteCommandConfiguration", "KmsKeyId"}, key))
	}
}

// fixExecKMSKeyTF sets the exec configuration's kms_key_id to the chosen key.
func fixExecKMSKeyTF(p *rule.FixPass) {
	if key, ok := p.TFKMSKey(); ok {
		rule.SetTF(key, "configuration", "execute_command_configuration", "kms_key_id")(p)
	}
}
