package dockerfile

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/sudo",
		Title:    "sudo in RUN",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "sudo in a Dockerfile means the image carries sudo and a user allowed to use it, so a non-root USER " +
			"can become root again; its TTY and signal handling also misbehave in builds. Run the steps that need root " +
			"before switching USER. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "USER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\nUSER 10001",
		},
		Inputs: histInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3004"}, Dockle: []string{"DKL-DI-0001"}, Checkov: []string{"CKV2_DOCKER_1"},
		},
		Check: func(p *rule.Pass) {
			for _, img := range withHistory(p) {
				runs(img.Stages, func(s *model.Stage, in *model.Instruction) {
					for _, c := range in.Script.Calls {
						if c.Name() == "sudo" {
							p.Reportf(in, callPos(in, c), "RUN uses sudo in %s; run the step as root before USER instead", trigger(s.Label(), in))
							return
						}
					}
				})
			}
		},
	})
}
