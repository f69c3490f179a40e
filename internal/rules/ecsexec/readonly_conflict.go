package ecsexec

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// execAgentPaths must be writable for the SSM agent ECS Exec starts.
var execAgentPaths = []string{"/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"}

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/readonly-conflict",
		Title:    "ECS Exec enabled on containers with a read-only root filesystem",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Info,
		Rationale: "ECS Exec starts an SSM agent inside the container, which writes to /managed-agents, " +
			"/var/lib/amazon/ssm and /var/log/amazon/ssm. With readonlyRootFilesystem exec cannot start (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": " +
			"choose according to requirements), unless writable volumes are mounted at those paths. AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "# either disable exec on the service (EnableExecuteCommand: false), or mount writable volumes:\nVolumes: [{Name: managed-agents}, {Name: ssm-lib}, {Name: ssm-log}]\nMountPoints:\n  - {SourceVolume: managed-agents, ContainerPath: /managed-agents}\n  - {SourceVolume: ssm-lib, ContainerPath: /var/lib/amazon/ssm}\n  - {SourceVolume: ssm-log, ContainerPath: /var/log/amazon/ssm}",
			model.Terraform:      "# enable_execute_command = false on the service, or mount writable volumes at /managed-agents, /var/lib/amazon/ssm and /var/log/amazon/ssm",
		},
		Inputs: clusterInputs,
		Check: func(p *rule.Pass) {
			reported := map[*model.Container]bool{}
			for _, s := range execServices(p.State) {
				td, ok := model.Target[*model.TaskDefinition](p.State, s.TaskDefinition, func(t *model.TaskDefinition) model.Str { return t.Family })
				if !ok {
					continue
				}
				for _, c := range td.Containers {
					if !c.ReadonlyRootFilesystem.True() || reported[c] || agentPathsWritable(c) {
						continue
					}
					reported[c] = true
					name := "a container"
					if c.Name.Known() {
						name = "container " + c.Name.V
					}
					p.Reportf(td, c.ReadonlyRootFilesystem.Pos, "service %s enables ECS Exec but %s has a read-only root filesystem, so exec cannot start; mount writable volumes at %s or disable exec",
						s.ID, name, strings.Join(execAgentPaths, ", "))
				}
			}
		},
	})
}

func agentPathsWritable(c *model.Container) bool {
	for _, path := range execAgentPaths {
		found := false
		for _, m := range c.MountPoints {
			if m.ContainerPath.Is(path) && !m.ReadOnly.True() {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
