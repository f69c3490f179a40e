package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"go.yaml.in/yaml/v4"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/efs-transit-encryption",
		Title:    "EFS volume mounted without transit encryption",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "Data between the task and EFS crosses the network in clear text unless transit encryption is on " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": protect external storage such as EFS). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Volumes:\n  - Name: data\n    EFSVolumeConfiguration:\n      FilesystemId: !Ref FileSystem\n      TransitEncryption: ENABLED",
			model.TaskDefJSON:    `"efsVolumeConfiguration": {"fileSystemId": "fs-123", "transitEncryption": "ENABLED"}`,
			model.Terraform:      "efs_volume_configuration {\n  file_system_id     = aws_efs_file_system.data.id\n  transit_encryption = \"ENABLED\"\n}",
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_AWS_97"}, Trivy: []string{"AVD-AWS-0035"}},
		Fixes:  containerFix(fixEFSTransit),
		Check: func(p *rule.Pass) {
			for _, td := range model.Of[*model.TaskDefinition](p.State) {
				for _, v := range td.Volumes {
					if v.EFS == nil || v.EFS.TransitEncryption.P == model.Unknown || v.EFS.TransitEncryption.Is("ENABLED") {
						continue
					}
					name := "an EFS volume"
					if v.Name.Known() {
						name = "EFS volume " + quote(v.Name.V)
					}
					p.Reportf(td, v.EFS.TransitEncryption.Pos.Or(v.EFS.Pos), "%s is mounted without transit encryption; set transitEncryption: ENABLED", name)
				}
			}
		},
	})
}

// fixEFSTransit sets the EFS volume's TransitEncryption to ENABLED.
func fixEFSTransit(p *rule.FixPass) {
	if p.Finding.Format == model.Terraform {
		t, blk := p.TF()
		if t == nil {
			return
		}
		vols, err := t.Blocks(blk.Body, "volume")
		if !p.Try(nil, err) {
			return
		}
		v := fix.BlockAt(vols, p.Finding.Pos.Line)
		if v == nil {
			p.Skipf("no volume written at the finding")
			return
		}
		if p.Try(nil, t.Set(v.Body, []string{"efs_volume_configuration", "transit_encryption"}, "ENABLED")) {
			p.Done(t)
		}
		return
	}
	d := p.Doc()
	if d == nil {
		return
	}
	f := p.Finding.Format
	vols := d.TaskProperty(f, p.Finding.Resource, "Volumes")
	if vols == nil || vols.Kind != yaml.SequenceNode {
		p.Skipf("the volumes are not a list written in the file")
		return
	}
	v := fix.ItemAt(vols, p.Finding.Pos.Line)
	if v == nil {
		p.Skipf("no volume written at the finding")
		return
	}
	p.Try(d.SetPath(v, fix.SpellPath(f, "EFSVolumeConfiguration", "TransitEncryption"), "ENABLED"))
}
