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
			index := map[string]*policyIndex{}
			for ns, nps := range byNS {
				index[ns] = newPolicyIndex(nps)
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
				if index[w.Namespace].selects(w) || index[""].selects(w) {
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

// policyIndex finds the NetworkPolicies of one namespace that select a pod
// without trying each of them: a scan with 20,000 policies and 20,000 pods
// must not make 400 million comparisons. Each policy is filed under one
// label its selector requires (the rarest among the policies); a pod is
// checked only against the policies filed under its own labels, those that
// select every pod, and the few whose selectors name no required label.
type policyIndex struct {
	all   bool // a policy selects every pod (empty or unreadable selector)
	byKV  map[[2]string][]*model.K8sNetworkPolicy
	other []*model.K8sNetworkPolicy
}

func newPolicyIndex(nps []*model.K8sNetworkPolicy) *policyIndex {
	x := &policyIndex{byKV: map[[2]string][]*model.K8sNetworkPolicy{}}
	required := func(np *model.K8sNetworkPolicy) [][2]string {
		var out [][2]string
		for k, v := range np.Selector.MatchLabels {
			out = append(out, [2]string{k, v})
		}
		for _, r := range np.Selector.MatchExpressions {
			if r.Operator == "In" && len(r.Values) == 1 {
				out = append(out, [2]string{r.Key, r.Values[0]})
			}
		}
		return out
	}
	count := map[[2]string]int{}
	for _, np := range nps {
		for _, kv := range required(np) {
			count[kv]++
		}
	}
	for _, np := range nps {
		sel := np.Selector
		if sel.Unknown || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
			x.all = true
			continue
		}
		kvs := required(np)
		if len(kvs) == 0 {
			x.other = append(x.other, np)
			continue
		}
		best := kvs[0]
		for _, kv := range kvs[1:] {
			if count[kv] < count[best] || (count[kv] == count[best] && (kv[0] < best[0] || (kv[0] == best[0] && kv[1] < best[1]))) {
				best = kv
			}
		}
		x.byKV[best] = append(x.byKV[best], np)
	}
	return x
}

// selects reports whether a policy of the index selects the workload's pods.
func (x *policyIndex) selects(w *model.K8sWorkload) bool {
	if x == nil {
		return false
	}
	if x.all || (w.PodLabelsUnknown && (len(x.byKV) > 0 || len(x.other) > 0)) {
		return true
	}
	for k, v := range w.PodLabels {
		for _, np := range x.byKV[[2]string{k, v}] {
			if np.Selector.Matches(w.PodLabels, false) {
				return true
			}
		}
	}
	for _, np := range x.other {
		if np.Selector.Matches(w.PodLabels, false) {
			return true
		}
	}
	return false
}
