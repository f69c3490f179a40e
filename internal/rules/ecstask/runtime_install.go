package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
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
			model.Kubernetes:     "command: [\"/init\"]  # install packages in the Dockerfile instead",
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.TaskDefJSON, model.Kubernetes},
		Check: func(p *rule.Pass) {
			for _, c := range workloadContainers(p.State) {
				argv, pos, ok := startArgv(c)
				if !ok {
					continue
				}
				script, err := shell.Argv(argv)
				if err != nil {
					continue
				}
				if ins := pkginstall.Installs(script); len(ins) > 0 {
					what := ins[0].Manager + " " + strings.Join(ins[0].Packages, " ")
					p.Reportf(c.res, pos, "%s installs packages when it starts (%s); install them in the image at build time", c.label(), strings.TrimSpace(what))
					continue
				}
				if dl := pkginstall.PipesToShell(script); len(dl) > 0 {
					p.Reportf(c.res, pos, "%s downloads a script and runs it with %s when it starts; bake what it installs into the image", c.label(), dl[0].Shell)
				}
			}
		},
	})
}

// startArgv joins entry point and command into the argv the container runs,
// with the position to report; ok is false when nothing known is run.
func startArgv(c workloadContainer) (argv []string, pos model.Pos, ok bool) {
	for _, l := range []model.List{c.entryPoint, c.command} {
		if l.P == model.Absent {
			continue
		}
		if pos.Line == 0 {
			pos = l.Pos
		}
		for _, it := range l.Items {
			switch {
			case it.Known():
				argv = append(argv, it.V)
			default:
				argv = append(argv, shell.Unknown)
			}
		}
	}
	return argv, pos.Or(c.pos), len(argv) > 0
}
