package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/image-pinned",
		Title:    "Image without a tag or digest, or with latest",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "A missing tag means latest, and latest can point at a different image tomorrow: what runs is then " +
			"not what was scanned (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": the image that runs must be identical to the one scanned). Pin a " +
			"digest, or at least a version tag; strict mode requires digests. A service that builds its image " +
			"names with image the tag it gives what it builds, which is not judged here. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  db:\n    image: postgres:16.4@sha256:<digest>", nil, func(p *rule.Pass, s *model.ComposeService) {
		checkImage(p, s, func(img model.Str) (string, bool) { return container.Unpinned(img, p.Settings.Strict) }, "%s %s; pin a digest (@sha256:...) or a version tag")
	})
}
