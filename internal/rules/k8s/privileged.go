package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/privileged",
		Title:    "Privileged container",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "A privileged container has every capability and the node's devices: escaping to the host is " +
			"trivial. Containers share the node's kernel, so isolation " +
			"must be strengthened, not weakened (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  privileged: false",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_16"},
			Trivy:   []string{"KSV017", "AVD-KSV-0017"},
		},
		Fixes: fixPrivileged,
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				if c.Privileged.True() {
					p.Reportf(w, c.Privileged.Pos, "%s is privileged (full access to the node); set privileged: false and add only the capabilities it needs", label(c))
				}
			})
		},
	})
}
