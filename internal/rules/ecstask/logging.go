package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/logging",
		Title:    "Container has no log configuration",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Without logConfiguration a container's output is lost when the task stops, and there is nothing " +
			"to investigate after an incident. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "LogConfiguration:\n  LogDriver: awslogs\n  Options:\n    awslogs-group: !Ref LogGroup\n    awslogs-region: !Ref AWS::Region\n    awslogs-stream-prefix: app",
			model.TaskDefJSON:    `"logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}`,
			model.Terraform:      `logConfiguration = { logDriver = "awslogs", options = { "awslogs-group" = aws_cloudwatch_log_group.app.name, "awslogs-region" = var.region, "awslogs-stream-prefix" = "app" } }`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.9"}},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if !c.LogConfiguration.Present() {
					p.Reportf(td, c.Pos, "%s has no logConfiguration, so its output is not collected (it stays on the EC2 instance, and is lost on Fargate); send it to CloudWatch Logs with the awslogs driver", label(c))
				}
			})
		},
	})
}
