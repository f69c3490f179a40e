package dockerfile

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/shell-pipefail",
		Title:    "RUN pipe without pipefail",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "A shell pipeline fails only when its last command fails: in curl URL | tar x a failed download " +
			"still builds an image, silently missing what it should contain. set -o pipefail (or a SHELL with it) makes " +
			"the build stop.",
		Remediation: map[model.Format]string{
			model.Dockerfile: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Hadolint: []string{"DL4006"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				runs(img.Stages, func(s *model.Stage, in *model.Instruction) {
					for _, c := range in.Script.Calls {
						if c.PipeTo == nil || c.Pipefail || c.Substituted || !c.PipeTo.Piped {
							continue
						}
						p.Reportf(in, callPos(in, c), "RUN in %s pipes %s into %s without pipefail, so a failure of %s is ignored; add set -o pipefail or SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
							trigger(s.Label(), in), c.Name(), c.PipeTo.Name(), c.Name())
						return
					}
				})
			}
		},
	})
}
