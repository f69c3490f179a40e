package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/host-port",
		Title:    "hostPort set",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.Low,
		Rationale: "A hostPort binds the port on the node's own addresses: the pod is reachable from wherever the " +
			"node is, around Services and load balancers, and NetworkPolicies of many network plugins do not apply " +
			"to it; it also limits where the pod can be scheduled (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": " +
			"network protection). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "ports:\n  - containerPort: 8080   # no hostPort; expose it with a Service",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_K8S_26"}, Trivy: []string{"KSV024", "AVD-KSV-0024"}},
		Check: func(p *rule.Pass) {
			eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				for _, hp := range c.HostPorts {
					if hp.Known() && hp.V > 0 {
						p.Reportf(w, hp.Pos, "%s binds port %d of the node (hostPort); remove hostPort and expose the port with a Service", label(c), hp.V)
					}
				}
			})
		},
	})
}
