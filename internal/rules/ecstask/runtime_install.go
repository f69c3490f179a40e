package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/runtime-install",
		Title:    "Container installs packages when it starts",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Installing packages at start pulls whatever the mirrors serve that day: unscanned, unpinned, " +
			"different on every start, and it needs network egress and a writable root filesystem (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not " +
			"install packages at run time; reproducibility and security management suffer). Install at build time. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "# move the install into the Dockerfile:\n#   RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\nCommand: [\"/init\"]",
			model.TaskDefJSON:    `"command": ["/init"]`,
			model.Terraform:      `command = ["/init"]  # install packages in the Dockerfile instead`,
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.TaskDefJSON},
		Check: func(p *rule.Pass) {
			for c := range workloadContainers(p.State) {
				argv, pos, ok := container.StartArgv(c.entryPoint, c.command)
				if !ok {
					continue
				}
				if msg, ok := container.StartInstall(argv); ok {
					p.Reportf(c.res, pos.Or(c.pos), "%s %s", c.label(), msg)
				}
			}
		},
	})
}
