package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/privileged",
		Title:    "Container runs privileged",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "A privileged container has every capability and the host's devices: escaping to the host is trivial. " +
			"Fargate refuses privileged containers (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\"), so on Fargate the setting is also an error. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ContainerDefinitions:\n  - Name: app\n    Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:1.4.2\n    Privileged: false",
			model.TaskDefJSON:    `"privileged": false`,
			model.Terraform:      `privileged = false  # inside container_definitions`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.4"}, Checkov: []string{"CKV_AWS_334"}},
		Fixes:  containerFix(rule.SetContainer(false, "Privileged")),
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if !c.Privileged.True() {
					return
				}
				if fargate(td) {
					p.Reportf(td, c.Privileged.Pos, "%s is privileged, which Fargate rejects; remove privileged: true", label(c))
					return
				}
				p.Reportf(td, c.Privileged.Pos, "%s is privileged (full access to the host); remove privileged: true and add only the capabilities it needs", label(c))
			})
		},
	})
}
