package k8s

import (
	"fmt"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/network-policy",
		Title:    "Workload selected by no NetworkPolicy",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "Pods that no NetworkPolicy selects accept traffic from every pod of the cluster and may reach " +
			"anything: one compromised pod can then talk to all the others. The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) names Kubernetes NetworkPolicy " +
			"for defining container-to-container communication. The manifests of one scan are judged together, so " +
			"a policy in another file of the scan counts; a policy with an empty podSelector covers its whole " +
			"namespace. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: app\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n# then allow what each workload needs with further policies",
		},
		Inputs: inputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			byNS := map[string][]*model.K8sNetworkPolicy{}
			for _, np := range model.Of[*model.K8sNetworkPolicy](p.State) {
				byNS[np.Namespace] = append(byNS[np.Namespace], np)
			}
			// An object with several pod templates (a custom resource's launcher
			// and workers) is reported once when its templates fail alike.
			reported := map[string]bool{}
			report := func(w *model.K8sWorkload, format string, args ...any) {
				key := fmt.Sprintf("%v\x00"+format, append([]any{w.Name.Pos}, args...)...)
				if !reported[key] {
					reported[key] = true
					p.Reportf(w, w.Name.Pos, format, args...)
				}
			}
			for _, w := range model.Of[*model.K8sWorkload](p.State) {
				if w.HostNetwork.True() || w.HostNetwork.P == model.Unknown {
					continue // NetworkPolicy does not apply to host-network pods (k8s/host-namespaces reports them)
				}
				if w.Namespace == "" {
					continue // namespace unknown: cannot tell which policies apply
				}
				selected := false
				for _, np := range append(byNS[w.Namespace], byNS[""]...) {
					if np.Selector.Matches(w.PodLabels, w.PodLabelsUnknown) {
						selected = true
						break
					}
				}
				if selected {
					continue
				}
				if len(byNS[w.Namespace])+len(byNS[""]) == 0 {
					report(w, "%s %s runs in namespace %q, which has no NetworkPolicy, so its pods accept traffic from any pod; add a NetworkPolicy (a default-deny with podSelector: {}, then allow rules)", w.Kind, name(w), w.Namespace)
					continue
				}
				report(w, "%s %s: no NetworkPolicy of namespace %q selects its pods' labels, so they accept traffic from any pod; add a NetworkPolicy whose podSelector matches them", w.Kind, name(w), w.Namespace)
			}
		},
	})
}
