package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/seccomp",
		Title:    "No seccomp profile, or seccomp unconfined",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "seccomp limits the system calls a container may make, shrinking the kernel attack surface that " +
			"containers share (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": isolation with seccomp). Kubernetes runs pods Unconfined unless a profile " +
			"is set: use RuntimeDefault, or a Localhost profile. The pod-level setting applies to every container " +
			"that does not set its own; the deprecated seccomp.security.alpha.kubernetes.io annotations are read too. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "spec:\n  securityContext:   # pod level: every container\n    seccompProfile:\n      type: RuntimeDefault",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_31"},
			Trivy:   []string{"KSV030", "AVD-KSV-0030", "KSV104", "AVD-KSV-0104"},
		},
		Fixes: setSecurityContext("RuntimeDefault", "seccompProfile", "type"),
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				switch s := c.SeccompProfile; {
				case s.Is("Unconfined"):
					p.Reportf(w, s.Pos, "%s runs with seccomp Unconfined; use seccompProfile type RuntimeDefault (or a Localhost profile)", label(c))
				case s.Absent():
					p.Reportf(w, c.Pos, "%s has no seccomp profile, so it runs unconfined; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container", label(c))
				}
			})
		},
	})
}
