package k8s

import (
	"fmt"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/rbac-wildcard",
		Title:    "RBAC role or binding grants broad powers",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "Least privilege for users and permissions (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\"): " +
			"a Role or ClusterRole that grants every verb or every resource (\"*\") grants what future API versions " +
			"add too; escalate, bind and impersonate let the holder give itself any permission; reading Secrets " +
			"across the cluster hands over every service account token and password; and binding cluster-admin to " +
			"anything but the system groups makes that subject a cluster administrator. Aggregated ClusterRoles " +
			"(filled in by the controller) are not judged. AWS documentation: Amazon EKS Best Practices Guide, " +
			"\"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "rules:\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list, watch]",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_49"},
			Trivy:   []string{"KSV044", "AVD-KSV-0044", "KSV045", "AVD-KSV-0045", "KSV046", "AVD-KSV-0046", "KSV041", "AVD-KSV-0041"},
		},
		Check: func(p *rule.Pass) {
			for _, r := range model.Of[*model.K8sRole](p.State) {
				if r.Aggregated {
					continue
				}
				for _, pr := range r.Rules {
					if what := broadRule(r, pr); what != "" {
						p.Reportf(r, pr.Pos, "%s %s %s; list the resources and verbs it needs", r.Kind, roleName(r.Name), what)
					}
				}
			}
			for _, b := range model.Of[*model.K8sBinding](p.State) {
				if b.RoleKind != "ClusterRole" || b.RoleName != "cluster-admin" {
					continue
				}
				for _, s := range b.Subjects {
					if s.Kind == "Group" && strings.HasPrefix(s.Name, "system:") {
						continue
					}
					p.Reportf(b, s.Pos.Or(b.RolePos), "%s %s makes %s %q a cluster administrator (cluster-admin); bind a role that grants only what it needs",
						b.Kind, roleName(b.Name), strings.ToLower(s.Kind), s.Name)
				}
			}
		},
	})
}

// broadRule says what is too broad in a rule of a role, or "".
func broadRule(r *model.K8sRole, pr model.K8sPolicyRule) string {
	has := func(list []string, vals ...string) string {
		for _, v := range list {
			for _, w := range vals {
				if strings.EqualFold(v, w) {
					return v
				}
			}
		}
		return ""
	}
	switch {
	case has(pr.Verbs, "*") != "" && has(pr.Resources, "*") != "":
		return "grants every verb on every resource"
	case has(pr.Verbs, "*") != "" && len(pr.Resources) > 0:
		return fmt.Sprintf("grants every verb on %s", strings.Join(pr.Resources, ", "))
	case has(pr.Resources, "*") != "" && len(pr.Verbs) > 0:
		return fmt.Sprintf("grants %s on every resource", strings.Join(pr.Verbs, ", "))
	}
	if v := has(pr.Verbs, "escalate", "bind", "impersonate"); v != "" {
		return fmt.Sprintf("grants %s, with which the holder can give itself any permission", v)
	}
	if r.Kind == "ClusterRole" && has(pr.Resources, "secrets") != "" {
		if v := has(pr.Verbs, "get", "list", "watch"); v != "" {
			return fmt.Sprintf("grants %s on Secrets of every namespace", v)
		}
	}
	return ""
}

// roleName quotes a role's or binding's name for messages.
func roleName(n model.Str) string {
	if n.Known() && n.V != "" {
		return fmt.Sprintf("%q", n.V)
	}
	return "(unnamed)"
}
