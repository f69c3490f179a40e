package account

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "data/efs-encrypted",
		Title:    "EFS file system not encrypted at rest",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) lists EFS among the external storage of containers to encrypt. EFS encryption at rest " +
			"is off unless Encrypted is true, and it can only be chosen when the file system is created: an " +
			"unencrypted file system must be replaced and its data copied. AWS documentation: Amazon EFS User Guide, \"Encrypting data at rest\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref DataKey",
			model.Terraform:      "resource \"aws_efs_file_system\" \"data\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.data.arn\n}",
			model.LiveAWS:        "aws efs create-file-system --encrypted --kms-key-id alias/data   # then copy the data over (encryption cannot be turned on in place)",
		},
		Inputs: inputs,
		Peers:  rule.Peers{SecurityHub: []string{"EFS.1", "EFS.8"}, Checkov: []string{"CKV_AWS_42"}, Trivy: []string{"AVD-AWS-0037"}, CfnNag: []string{"F27"}},
		Check: func(p *rule.Pass) {
			for _, fs := range model.Of[*model.EFSFileSystem](p.State) {
				enc, set, key := rule.Prop(fs.Format, "Encrypted"), rule.SetProp(fs.Format, "Encrypted", "true"), rule.Prop(fs.Format, "KmsKeyId")
				switch {
				case fs.Encrypted.P == model.Absent:
					p.Reportf(fs, fs.Pos, "the EFS file system does not set %s, so its data is not encrypted at rest; set %s (with %s for a customer key) when creating it", enc, set, key)
				case fs.Encrypted.Known() && !fs.Encrypted.V:
					p.Reportf(fs, fs.Encrypted.Pos, "%s is false, so the file system's data is not encrypted at rest; set %s (with %s for a customer key)", enc, set, key)
				}
			}
		},
	})
}
