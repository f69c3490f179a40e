package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/fargate-compat",
		Title:    "Task can run on EC2, sharing a kernel with other tasks",
		Phase:    finding.PhaseHost,
		Severity: finding.Info,
		Rationale: "On EC2 tasks share the instance's kernel: a kernel vulnerability lets a container escape to its " +
			"neighbours. Fargate runs each task in its own micro-VM and AWS patches the host (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": kernel " +
			"isolation; Fargate achieves it simply). Requiring FARGATE makes that isolation part of the definition. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "RequiresCompatibilities: [FARGATE]\nNetworkMode: awsvpc",
			model.TaskDefJSON:    `"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc"`,
			model.Terraform:      `requires_compatibilities = ["FARGATE"]`,
		},
		Inputs: taskInputs,
		Check: func(p *rule.Pass) {
			for _, td := range model.Of[*model.TaskDefinition](p.State) {
				rc := td.RequiresCompatibilities
				switch {
				case rc.HasUnknown() || fargate(td):
				case rc.P == model.Absent:
					p.Reportf(td, td.Pos, "requiresCompatibilities is not set, so the task may run on EC2 instances sharing their kernel; require FARGATE for kernel isolation")
				default:
					p.Reportf(td, rc.Pos, "the task runs on EC2 (requiresCompatibilities lacks FARGATE), sharing the instance's kernel; require FARGATE for kernel isolation")
				}
			}
		},
	})
}
