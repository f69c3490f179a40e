package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/host-namespaces",
		Title:    "Task shares the host's PID or IPC namespace",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "pidMode host lets containers see and signal every process on the instance; ipcMode host shares " +
			"its shared memory. Both weaken the isolation the guidance asks for (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "PidMode: task   # or remove PidMode / IpcMode",
			model.TaskDefJSON:    `"pidMode": "task"`,
			model.Terraform:      `pid_mode = "task"`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.3"}, Checkov: []string{"CKV_AWS_335"}},
		Check: func(p *rule.Pass) {
			for _, td := range model.Of[*model.TaskDefinition](p.State) {
				if td.PidMode.Is("host") {
					p.Reportf(td, td.PidMode.Pos, "pidMode is host: containers see every process on the instance; use task or remove it")
				}
				if td.IpcMode.Is("host") {
					p.Reportf(td, td.IpcMode.Pos, "ipcMode is host: containers share the instance's IPC namespace; use task or none")
				}
			}
		},
	})
}
