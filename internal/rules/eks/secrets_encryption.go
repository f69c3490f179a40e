package eks

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "eks/secrets-encryption",
		Title:    "Kubernetes secrets not envelope-encrypted with KMS",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.Medium,
		Rationale: "Without an encryption config for \"secrets\", Kubernetes secrets sit in etcd protected only by " +
			"the disk encryption of the control plane; anyone who can read etcd or its backups reads them. " +
			"Envelope encryption with a KMS key adds a key policy and a CloudTrail record of every use (" +
			"Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": protect the orchestrator and handle secrets carefully). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "EncryptionConfig:\n  - Resources: [secrets]\n    Provider:\n      KeyArn: !GetAtt SecretsKey.Arn",
			model.Terraform:      "encryption_config {\n  resources = [\"secrets\"]\n  provider {\n    key_arn = aws_kms_key.eks.arn\n  }\n}",
			model.LiveAWS:        "aws eks associate-encryption-config --cluster-name CLUSTER --encryption-config '[{\"resources\":[\"secrets\"],\"provider\":{\"keyArn\":\"arn:aws:kms:REGION:ACCOUNT:key/KEY_ID\"}}]'",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			SecurityHub: []string{"EKS.3"},
			Checkov:     []string{"CKV_AWS_58"},
			Trivy:       []string{"AVD-AWS-0039"},
			CfnNag:      []string{"W82"},
		},
		Check: func(p *rule.Pass) {
			for _, c := range model.Of[*model.EKSCluster](p.State) {
				switch {
				case c.SecretsEncryption.P == model.Absent:
					p.Reportf(c, c.Pos, "the cluster has no EncryptionConfig, so Kubernetes secrets are not envelope-encrypted with a KMS key of yours; add an EncryptionConfig for \"secrets\" with a Provider KeyArn")
				case c.SecretsEncryption.Known() && !c.SecretsEncryption.V:
					p.Reportf(c, c.EncryptionConfigPos, "EncryptionConfig has no entry covering \"secrets\" with a Provider KeyArn; add Resources: [secrets] with Provider.KeyArn set to a KMS key")
				}
			}
		},
	})
}
