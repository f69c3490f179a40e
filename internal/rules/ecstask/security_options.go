package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
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
					if what := disabledConfinement(opt.V); what != "" {
						p.Reportf(td, opt.Pos.Or(c.DockerSecurityOptions.Pos), "%s sets %q, which disables %s; remove it", label(c), opt.V, what)
					}
				}
			})
		},
	})
}

// disabledConfinement names what a docker security option turns off, or "".
func disabledConfinement(opt string) string {
	o := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(opt), ":", "="))
	switch {
	case o == "seccomp=unconfined":
		return "seccomp"
	case o == "apparmor=unconfined":
		return "AppArmor"
	case o == "label=disable", o == "label=disabled":
		return "SELinux labelling"
	case o == "no-new-privileges=false":
		return "no-new-privileges"
	}
	return ""
}
