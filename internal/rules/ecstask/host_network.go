package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/host-network",
		Title:    "Task uses the host's network",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "In host mode the task shares the instance's network stack: it can reach every local service and " +
			"bind any port, and no per-task security group applies. bridge mode (the EC2 default) also lacks a " +
			"per-task security group. awsvpc gives each task its own interface and security group. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "NetworkMode: awsvpc",
			model.TaskDefJSON:    `"networkMode": "awsvpc"`,
			model.Terraform:      `network_mode = "awsvpc"`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.1", "ECS.17"}},
		Check: func(p *rule.Pass) {
			for _, td := range model.Of[*model.TaskDefinition](p.State) {
				switch {
				case td.NetworkMode.Is("host"):
					p.Reportf(td, td.NetworkMode.Pos, "networkMode is host: the task shares the instance's network stack; use awsvpc")
				case td.NetworkMode.Is("bridge"):
					p.ReportSeverity(finding.Low, td, td.NetworkMode.Pos, "networkMode is bridge: tasks get no security group of their own; use awsvpc")
				case td.NetworkMode.Absent() && !fargate(td) && !windows(td):
					p.ReportSeverity(finding.Low, td, td.Pos, "networkMode is not set, so on EC2 it defaults to bridge (no per-task security group); set networkMode: awsvpc")
				}
			}
		},
	})
}
