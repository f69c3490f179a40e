package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "compose/image-pinned",
		Title:    "Image without a tag or digest, or with latest",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "A missing tag means latest, and latest can point at a different image tomorrow: what runs is then " +
			"not what was scanned (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": the image that runs must be identical to the one scanned). Pin a " +
			"digest, or at least a version tag; strict mode requires digests. A service that builds its image " +
			"names with image the tag it gives what it builds, which is not judged here. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Compose: "services:\n  db:\n    image: postgres:16.4@sha256:<digest>",
		},
		Inputs: inputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			for _, s := range services(p) {
				if s.Build != nil {
					continue
				}
				if what, ok := container.Unpinned(s.Image, p.Settings.Strict); ok {
					p.Reportf(s, s.Image.Pos.Or(s.Pos), "%s %s; pin a digest (@sha256:...) or a version tag", label(s), what)
				}
			}
		},
	})
}
