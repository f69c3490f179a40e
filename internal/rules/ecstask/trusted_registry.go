package ecstask

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/trusted-registry",
		Title:    "Image from a registry outside the trusted list",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Medium,
		Rationale: "Images from untrusted registries may carry vulnerabilities or malware and are not scanned or " +
			"reviewed (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use trusted images from trusted registries; protect the supply chain). By default " +
			"trusted are the account's ECR registries, ECR Public, Docker Official Images, distroless, Chainguard " +
			"and Microsoft's registry; set trusted_registries in .shipshape.yaml for your own. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app@sha256:<digest>\n# or add the registry to trusted_registries in .shipshape.yaml",
			model.TaskDefJSON:    `"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>"`,
			model.Terraform:      `image = "${aws_ecr_repository.app.repository_url}@${var.image_digest}"`,
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.TaskDefJSON, model.LiveAWS},
		Check: func(p *rule.Pass) {
			trusted := p.Settings.TrustedRegistries
			for c := range workloadContainers(p.State) {
				if what, ok := container.Untrusted(c.image, trusted); ok {
					p.Reportf(c.res, c.image.Pos.Or(c.pos), "%s %s, which is not a trusted registry; mirror it into ECR or add the registry to trusted_registries in .shipshape.yaml", c.label(), what)
				}
			}
		},
	})
}
