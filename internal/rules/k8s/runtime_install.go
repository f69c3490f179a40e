package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/runtime-install",
		Title:    "Container installs packages when it starts",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Installing packages at start pulls whatever the mirrors serve that day: unscanned, unpinned, " +
			"different on every start, and it needs network egress and a writable root filesystem (Fusic on Zenn, " +
			"\"AWSのコンテナセキュリティを考えるoverview\": do not install packages at run time). Install at build " +
			"time. command replaces the image's entry point and args its command; both are read as the shell would " +
			"run them. Kubernetes findings were reported as ecs-task/runtime-install before: suppressions and " +
			"baselines naming that ID still apply, with a notice. AWS documentation: Amazon EKS Best Practices " +
			"Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "command: [\"/init\"]  # install packages in the Dockerfile instead",
		},
		Inputs: inputs,
		Former: []string{"ecs-task/runtime-install"},
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				argv, pos, ok := container.StartArgv(c.Command, c.Args)
				if !ok {
					return
				}
				if msg, ok := container.StartInstall(argv); ok {
					p.Reportf(w, pos.Or(c.Pos), "%s %s", plainLabel(c), msg)
				}
			})
		},
	})
}
