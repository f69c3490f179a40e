package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/readonly-rootfs",
		Title:    "Container root filesystem is writable",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "A read-only root filesystem stops an attacker or malware from changing the container's binaries " +
			"and configuration (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": enable readonlyRootFilesystem). Mount a volume for the paths that must be written. " +
			"Note that ECS Exec cannot start on a read-only root filesystem (see ecs-exec/readonly-conflict). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ContainerDefinitions:\n  - Name: app\n    Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1.4.2\n    ReadonlyRootFilesystem: true",
			model.TaskDefJSON:    `"containerDefinitions": [{"name": "app", "readonlyRootFilesystem": true}]`,
			model.Terraform:      `container_definitions = jsonencode([{ name = "app", readonlyRootFilesystem = true }])`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.5"}, Checkov: []string{"CKV_AWS_336"}},
		Fixes:  containerFix(rule.SetContainer(true, "ReadonlyRootFilesystem")),
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if windows(td) {
					return // not supported for Windows containers
				}
				if c.ReadonlyRootFilesystem.NotTrue() {
					p.Reportf(td, c.ReadonlyRootFilesystem.Pos.Or(c.Pos), "%s has a writable root filesystem; set readonlyRootFilesystem: true and mount volumes for paths it writes", label(c))
				}
			})
		},
	})
}
