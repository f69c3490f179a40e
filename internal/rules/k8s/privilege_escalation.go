package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/privilege-escalation",
		Title:    "Privilege escalation allowed",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "Without allowPrivilegeEscalation: false (which defaults to true), a process can gain more " +
			"privileges than its parent through setuid binaries or file capabilities; the restricted Pod Security " +
			"Standard requires false. A privileged container is reported by k8s/privileged instead. Until shipshape " +
			"0.1 this was part of k8s/privileged: suppressions and baselines naming that ID still apply to it, with " +
			"a notice (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: " +
			"Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  allowPrivilegeEscalation: false",
		},
		Inputs: inputs,
		Former: []string{"k8s/privileged"},
		Fixes:  setSecurityContext(false, "allowPrivilegeEscalation"),
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_20"},
			Trivy:   []string{"KSV001", "AVD-KSV-0001"},
		},
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				if c.Privileged.True() {
					return // k8s/privileged: a privileged container escalates anyway
				}
				switch ape := c.AllowPrivilegeEscalation; {
				case ape.True():
					p.Reportf(w, ape.Pos, "%s allows privilege escalation; set securityContext.allowPrivilegeEscalation: false", label(c))
				case ape.P == model.Absent:
					p.Reportf(w, c.Pos, "%s does not set allowPrivilegeEscalation, which defaults to true; set securityContext.allowPrivilegeEscalation: false", label(c))
				}
			})
		},
	})
}
