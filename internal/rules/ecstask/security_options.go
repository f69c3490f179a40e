package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/security-options",
		Title:    "Container disables seccomp, AppArmor or SELinux",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "seccomp filters system calls and AppArmor/SELinux confine what a process may touch (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": " +
			"isolate with seccomp and Linux Security Modules). Turning them off removes the kernel's last line of defence. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "# remove seccomp=unconfined / apparmor=unconfined / label=disable from DockerSecurityOptions",
			model.TaskDefJSON:    `"dockerSecurityOptions": []`,
			model.Terraform:      `# remove dockerSecurityOptions entries that disable confinement`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				for _, opt := range c.DockerSecurityOptions.Items {
					if !opt.Known() {
						continue
					}
					if what := container.DisabledConfinement(opt.V); what != "" {
						p.Reportf(td, opt.Pos.Or(c.DockerSecurityOptions.Pos), "%s sets %q, which disables %s; remove it", label(c), opt.V, what)
					}
				}
			})
		},
	})
}
