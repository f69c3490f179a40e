package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/apparmor-selinux",
		Title:    "AppArmor unconfined or SELinux type spc_t",
		Phase:    finding.PhaseHost,
		Severity: finding.Low,
		Rationale: "Linux Security Modules such as AppArmor and SELinux restrict what a container may access even " +
			"after a compromise (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": LSM). An Unconfined AppArmor profile, or the SELinux type spc_t (super " +
			"privileged container), switches that protection off. AppArmor is read from securityContext." +
			"appArmorProfile and from the container.apparmor.security.beta.kubernetes.io/<name> annotation. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n  # and no seLinuxOptions.type: spc_t",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Trivy: []string{"KSV002", "AVD-KSV-0002", "KSV025", "AVD-KSV-0025"}},
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				if a := c.AppArmorProfile; a.Is("Unconfined") {
					p.Reportf(w, a.Pos, "%s runs with AppArmor unconfined; use the RuntimeDefault profile (or a Localhost profile)", label(c))
				}
				if t := c.SELinuxType; t.Is("spc_t") {
					p.Reportf(w, t.Pos, "%s runs with SELinux type spc_t, which is not confined; remove seLinuxOptions.type or use the container runtime's default type", label(c))
				}
			})
		},
	})
}
