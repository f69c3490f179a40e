package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/image-pinned",
		Title:    "Image without a tag or digest, or with latest",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "A missing tag means latest, and latest can point at a different image tomorrow: what runs is then " +
			"not what was scanned, and nodes may run different images (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": the image that runs must be " +
			"identical to the one scanned). Pin a digest, or at least a version tag; strict mode requires digests. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_14", "CKV_K8S_43"},
			Trivy:   []string{"KSV013", "AVD-KSV-0013"},
		},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				if !c.Image.Known() || c.Image.V == "" {
					return
				}
				ref, ok := imageref.Parse(c.Image.V)
				if !ok || ref.Pinned() {
					return
				}
				at := c.Image.Pos.Or(c.Pos)
				switch {
				case ref.Latest() && ref.Tag == "":
					p.Reportf(w, at, "%s uses %s with no tag, which means latest; pin a digest (@sha256:...) or a version tag", label(c), ref.Name())
				case ref.Latest():
					p.Reportf(w, at, "%s uses the latest tag of %s; pin a digest (@sha256:...) or a version tag", label(c), ref.Name())
				case p.Settings.Strict && ref.TagKnown:
					p.Reportf(w, at, "%s uses tag %q of %s, which may be moved; pin a digest (strict mode)", label(c), ref.Tag, ref.Name())
				}
			})
		},
	})
}
