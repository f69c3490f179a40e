package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/host-namespaces",
		Title:    "Pod shares the node's network, PID or IPC namespace",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "hostNetwork gives the pod the node's network stack (every port, the loopback services, no " +
			"NetworkPolicy); hostPID lets it see and signal the node's processes and read their environment; " +
			"hostIPC shares the node's shared memory. Each removes a layer of the isolation containers rely on " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "spec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"},
			Trivy:   []string{"KSV008", "AVD-KSV-0008", "KSV009", "AVD-KSV-0009", "KSV010", "AVD-KSV-0010"},
		},
		Check: func(p *rule.Pass) {
			for _, w := range model.Of[*model.K8sWorkload](p.State) {
				for _, ns := range []struct {
					name string
					v    model.Bool
					what string
				}{
					{"hostNetwork", w.HostNetwork, "the node's network namespace"},
					{"hostPID", w.HostPID, "the node's process namespace"},
					{"hostIPC", w.HostIPC, "the node's IPC namespace"},
				} {
					if ns.v.True() {
						p.Reportf(w, ns.v.Pos, "%s %s shares %s (%s: true); remove %s", w.Kind, name(w), ns.what, ns.name, ns.name)
					}
				}
			}
		},
	})
}

// name is a workload's name for messages.
func name(w *model.K8sWorkload) string {
	if w.Name.Known() && w.Name.V != "" {
		return `"` + w.Name.V + `"`
	}
	return "(unnamed)"
}
