package k8s

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/capabilities",
		Title:    "Linux capabilities added, or ALL not dropped",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "The container runtime grants a default set of capabilities (NET_RAW among them), and added ones " +
			"such as SYS_ADMIN or NET_ADMIN hand the container kernel powers that break isolation (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host " +
			"protection). Drop ALL and add back only what the process needs. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]   # only if needed",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_25", "CKV_K8S_37", "CKV_K8S_28", "CKV_K8S_39"},
			Trivy:   []string{"KSV003", "AVD-KSV-0003"},
		},
		Fixes: map[model.Format]rule.FixFunc{model.Kubernetes: fixDropAll},
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				for _, cap := range c.CapAdd.Items {
					name := strings.TrimPrefix(strings.ToUpper(cap.V), "CAP_")
					// NET_BIND_SERVICE (ports below 1024) is in the runtime's default set and
					// is the one capability the restricted Pod Security Standard lets a
					// container add back after dropping ALL.
					if cap.Known() && name != "NET_BIND_SERVICE" {
						p.Reportf(w, cap.Pos.Or(c.CapAdd.Pos), "%s adds capability %s; remove it unless the process cannot work without it", label(c), name)
					}
				}
				if c.CapDrop.HasUnknown() || c.CapDrop.Has("ALL", "CAP_ALL") {
					return
				}
				p.Reportf(w, c.CapDrop.Pos.Or(c.Pos), "%s does not drop ALL capabilities; set securityContext.capabilities.drop: [ALL]", label(c))
			})
		},
	})
}
