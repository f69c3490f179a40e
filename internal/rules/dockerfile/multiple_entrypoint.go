package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/multiple-entrypoint",
		Title:    "More than one CMD or ENTRYPOINT in a stage",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Only the last CMD and the last ENTRYPOINT of a stage take effect; an earlier one is dead text that " +
			"misleads whoever reviews what the container runs (and its privileges). Keep one of each. AWS documentation: " +
			"Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# keep one of each, the one that should run:\nENTRYPOINT [\"/app/server\"]\nCMD [\"--port\", \"8080\"]",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Hadolint: []string{"DL4003", "DL4004"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, s := range img.Stages {
					for _, cmd := range []string{"cmd", "entrypoint"} {
						ins := s.Cmds(cmd)
						for _, in := range ins[:max(len(ins)-1, 0)] {
							p.Reportf(in, in.Pos, "%s has more than one %s and only the last takes effect; remove this one", finalLabel(img, s), strings.ToUpper(cmd))
						}
					}
				}
			}
		},
	})
}
