package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/trusted-registry",
		Title:    "Image from a registry outside the trusted list",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Medium,
		Rationale: "Images from untrusted registries may carry vulnerabilities or malware and are not scanned or " +
			"reviewed (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use trusted images from trusted " +
			"registries; protect the supply chain). By default trusted are the account's ECR registries, ECR Public, " +
			"Docker Official Images, distroless, Chainguard and Microsoft's registry; set trusted_registries in " +
			".shipshape.yaml for your own. Kubernetes findings were reported as ecs-task/trusted-registry before: " +
			"suppressions and baselines naming that ID still apply, with a notice. AWS documentation: Amazon EKS " +
			"Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<digest>",
		},
		Inputs: inputs,
		Former: []string{"ecs-task/trusted-registry"},
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				if what, ok := container.Untrusted(c.Image, p.Settings.TrustedRegistries); ok {
					p.Reportf(w, c.Image.Pos.Or(c.Pos), "%s %s, which is not a trusted registry; mirror it into ECR or add the registry to trusted_registries in .shipshape.yaml", plainLabel(c), what)
				}
			})
		},
	})
}

// plainLabel names a container as the ecs-task rules named Kubernetes
// containers before they had k8s IDs (`container "web"`, "a container"),
// so that baselines recorded then still match.
func plainLabel(c *model.K8sContainer) string {
	if c.Name.Known() && c.Name.V != "" {
		return "container " + quote(c.Name.V)
	}
	return "a container"
}
