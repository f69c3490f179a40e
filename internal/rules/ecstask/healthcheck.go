package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/healthcheck",
		Title:    "Essential container without a health check",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "ECS ignores the HEALTHCHECK of the image: only a healthCheck in the task definition tells ECS " +
			"that an essential container has stopped working, so that the task is replaced and a compromised or " +
			"hung process does not keep serving (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": runtime monitoring). " +
			"Containers are essential unless they set essential: false. AWS documentation: Amazon ECS Developer Guide, \"Determine Amazon ECS task health using container health checks\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "HealthCheck:\n  Command: [CMD-SHELL, \"curl -f http://localhost:8080/health || exit 1\"]\n  Interval: 30\n  Retries: 3",
			model.TaskDefJSON:    `"healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], "interval": 30, "retries": 3}`,
			model.Terraform:      `healthCheck = { command = ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], interval = 30, retries = 3 }  # inside container_definitions`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if !c.Essential.NotFalse() || c.HealthCheck.P != model.Absent {
					return
				}
				p.Reportf(td, c.Pos, "%s is essential but has no healthCheck (ECS ignores the image's HEALTHCHECK), so a hung or failing container is not replaced; add a healthCheck command", label(c))
			})
		},
	})
}
