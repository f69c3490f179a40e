package dockerfile

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/base-unpinned",
		Title:    "Base image not pinned",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "A FROM without a tag, or with latest, builds on whatever the registry serves that day: builds are not " +
			"reproducible and a scanned image is not the one that runs (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": immutable images, the scanned image is " +
			"the one that runs). Tags can be moved; in strict mode (--strict or strict: true) a digest is required. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "FROM python:3.12.4-slim-bookworm@sha256:<digest>",
		},
		Inputs: dfInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3006", "DL3007"}, Dockle: []string{"DKL-DI-0006"}, Trivy: []string{"AVD-DS-0001"},
			Checkov: []string{"CKV_DOCKER_7"},
		},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, s := range img.Stages {
					ref, ok := externalBase(s)
					if !ok || ref.Digest != "" || !ref.TagKnown {
						continue
					}
					switch {
					case ref.Tag == "":
						p.Reportf(s.From, s.From.Pos, "%s is built FROM %s without a tag, which means latest; pin a version tag (and a digest: @sha256:...)", s.Label(), ref.Name())
					case ref.Tag == "latest":
						p.Reportf(s.From, s.From.Pos, "%s is built FROM %s:latest; pin a version tag (and a digest: @sha256:...)", s.Label(), ref.Name())
					case p.Settings.Strict:
						p.Reportf(s.From, s.From.Pos, "%s is built FROM %s:%s without a digest (strict mode); pin it with @sha256:...", s.Label(), ref.Name(), ref.Tag)
					}
				}
			}
		},
	})
}

// externalBase parses the base image of a stage that is built FROM an
// image pulled from a registry (not an earlier stage, not scratch, not an
// image a Compose service of the scan builds); ok is false when there is
// none or it is not known well enough to judge.
func externalBase(s *model.Stage) (imageref.Ref, bool) {
	if s.BaseStage != nil || s.Scratch || s.Base.Absent() || s.LocalImage != "" {
		return imageref.Ref{}, false
	}
	text := s.Base.V
	if !s.Base.Known() {
		text = s.Base.Partial
	}
	if text == "" {
		return imageref.Ref{}, false
	}
	return imageref.Parse(text)
}
