package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/trusted-registry",
		Title:    "Image from a registry outside the trusted list",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Medium,
		Rationale: "Images from untrusted registries may carry vulnerabilities or malware and are not scanned or " +
			"reviewed (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use trusted images from trusted registries; protect the supply chain). By default " +
			"trusted are the account's ECR registries, ECR Public, Docker Official Images, distroless, Chainguard " +
			"and Microsoft's registry; set trusted_registries in .shipshape.yaml for your own. A service that " +
			"builds its image is judged through its Dockerfile's FROM (dockerfile/trusted-registry). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>\n# or add the registry to trusted_registries in .shipshape.yaml", nil, func(p *rule.Pass, s *model.ComposeService) {
		checkImage(p, s, func(img model.Str) (string, bool) { return container.Untrusted(img, p.Settings.TrustedRegistries) }, "%s %s, which is not a trusted registry; mirror it into ECR or add the registry to trusted_registries in .shipshape.yaml")
	})
}
