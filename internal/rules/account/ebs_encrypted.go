package account

import (
	"fmt"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "data/ebs-encrypted",
		Title:    "EBS volumes of container instances not encrypted",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": encrypt the nodes and container instances (\"enable encryption on EC2\"; Fargate " +
			"encrypts by default) and external EBS storage. A volume, launch template, launch configuration or " +
			"instance mapping without Encrypted: true gets an unencrypted volume unless EBS encryption by " +
			"default is on for the account and Region, which a template cannot show (a Terraform module that " +
			"turns it on with aws_ebs_encryption_by_default is not reported). Volumes created from a snapshot " +
			"take its encryption and are not judged. AWS documentation: Amazon EBS User Guide, \"Amazon EBS encryption\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "BlockDeviceMappings:\n  - DeviceName: /dev/xvda\n    Ebs:\n      Encrypted: true\n      KmsKeyId: !Ref VolumeKey",
			model.Terraform:      "block_device_mappings {\n  device_name = \"/dev/xvda\"\n  ebs {\n    encrypted  = true\n    kms_key_id = aws_kms_key.ebs.arn\n  }\n}\n# or, for the whole account and Region:\nresource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}",
			model.LiveAWS:        "aws ec2 enable-ebs-encryption-by-default",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			SecurityHub: []string{"EC2.3", "EC2.7", "EC2.181"},
			Checkov:     []string{"CKV_AWS_3", "CKV_AWS_8"},
			Trivy:       []string{"AVD-AWS-0026", "AVD-AWS-0008", "AVD-AWS-0131"},
			CfnNag:      []string{"F1"},
		},
		Check: func(p *rule.Pass) {
			for _, def := range model.Of[*model.EBSEncryptionByDefault](p.State) {
				if def.Enabled.NotFalse() || def.Enabled.P == model.Unknown {
					return // every new volume is (or may be) encrypted anyway
				}
			}
			for _, s := range model.Of[*model.BlockStorage](p.State) {
				for _, dev := range s.Devices {
					if !dev.Snapshot.KnownEmpty() || !dev.Encrypted.NotTrue() {
						continue
					}
					what := "the EBS volume"
					if dev.Name.Known() && dev.Name.V != "" {
						what = fmt.Sprintf("EBS volume %s", dev.Name.V)
					}
					state := "does not set " + rule.Prop(s.Format, "Encrypted")
					if dev.Encrypted.Known() {
						state = "sets " + rule.SetProp(s.Format, "Encrypted", "false")
					}
					p.Reportf(s, dev.Encrypted.Pos.Or(dev.Pos), "%s %s, so it is not encrypted at rest unless EBS encryption by default is on for the account; set %s", what, state, rule.SetProp(s.Format, "Encrypted", "true"))
				}
			}
		},
	})
}
