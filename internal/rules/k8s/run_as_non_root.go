package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/run-as-non-root",
		Title:    "Container may run as root",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Without runAsNonRoot: true or a non-zero runAsUser, the container runs as the image's user, which " +
			"is root unless the image sets USER (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": specify USER; unset means root). Root in a container is " +
			"root on the node after any escape. runAsNonRoot makes the kubelet refuse to start a root container. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:   # pod or container\n  runAsNonRoot: true\n  runAsUser: 10001",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_K8S_23"}, Trivy: []string{"KSV012", "AVD-KSV-0012"}},
		Fixes:  fixRunAsNonRoot,
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				switch {
				case c.RunAsUser.Known() && c.RunAsUser.V == 0:
					p.Reportf(w, c.RunAsUser.Pos, "%s runs as root (runAsUser: 0); set runAsUser to a non-zero UID and runAsNonRoot: true", label(c))
				case c.RunAsNonRoot.Known() && !c.RunAsNonRoot.V:
					if c.RunAsUser.Known() && c.RunAsUser.V > 0 {
						return // a non-root UID is set
					}
					p.Reportf(w, c.RunAsNonRoot.Pos, "%s sets runAsNonRoot: false and no non-root runAsUser, so it may run as root; set runAsNonRoot: true", label(c))
				case c.RunAsNonRoot.P == model.Absent && c.RunAsUser.P == model.Absent:
					p.Reportf(w, c.Pos, "%s sets neither runAsNonRoot nor runAsUser, so it runs as the image's user (root unless the image sets USER); set securityContext.runAsNonRoot: true", label(c))
				}
			})
		},
	})
}
