package image

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/unsigned",
		Title:    "Image has no signature in its registry",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Low,
		Rationale: "Without a signature, nothing lets a deployment check that the image is the one the pipeline " +
			"built (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": supply chain; sign images and verify signatures before they run). The check looks in " +
			"the image's registry for a cosign signature tag (sha256-<digest>.sig) and for OCI referrers whose " +
			"artifact type is a cosign, Sigstore bundle or Notation signature. Images read from files are not checked. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "cosign sign --key awskms:///alias/image-signing $IMAGE@$DIGEST\n# or: notation sign $IMAGE@$DIGEST (AWS Signer plugin)",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0005"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				if img.Signature.Known() && !img.Signature.V {
					p.Reportf(img, img.Pos, "no signature of the image was found in its registry (no cosign sha256-….sig tag and no OCI referrer with a signature artifact type); sign it with cosign sign or notation sign after the push")
				}
			}
		},
	})
}
