package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/image-pinned",
		Title:    "Image not pinned to a digest or an immutable tag",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "A mutable tag such as latest can point at a different image tomorrow: what runs is then not " +
			"what was scanned (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": the image that runs must be identical to the one scanned). Pin the image " +
			"by digest, or use a tag in a repository with tag immutability. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>",
			model.TaskDefJSON:    `"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>"`,
			model.Terraform:      `image = "${aws_ecr_repository.app.repository_url}@${var.image_digest}"`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			for c := range workloadContainers(p.State) {
				text, known := container.ImageText(c.image)
				if !known {
					continue
				}
				ref, ok := imageref.Parse(text)
				if !ok || ref.Pinned() {
					continue
				}
				at := c.image.Pos.Or(c.pos)
				if ref.Latest() {
					tag := "no tag (latest)"
					if ref.Tag != "" {
						tag = "the latest tag"
					}
					p.Reportf(c.res, at, "%s uses %s of %s; pin a digest (@sha256:...) or a version tag in an immutable repository", c.label(), tag, ref.Name())
					continue
				}
				if !ref.TagKnown {
					continue
				}
				repo, inScope := model.Target[*model.ECRRepository](p.State, c.image, nil)
				switch {
				case inScope && repo.TagMutability.Is("IMMUTABLE"):
				case inScope && (repo.TagMutability.Absent() || repo.TagMutability.Is("MUTABLE")):
					p.Reportf(c.res, at, "%s uses tag %q of repository %s, whose tags are mutable; pin a digest or make the repository IMMUTABLE", c.label(), ref.Tag, repo.ID)
				case p.Settings.Strict:
					p.Reportf(c.res, at, "%s uses tag %q of %s, which may be moved; pin a digest (strict mode)", c.label(), ref.Tag, ref.Name())
				}
			}
		},
	})
}
