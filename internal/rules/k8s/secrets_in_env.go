package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/secrets-in-env",
		Title:    "Secret written as a literal env value",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "A literal env value is stored in the manifest, in version control, and in the object anyone " +
			"with read access to the workload can get. Keep secrets in a Secret (or an external secret store) and " +
			"reference them with valueFrom.secretKeyRef (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": handle secrets and parameters with care). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: app-db\n        key: password",
		},
		Inputs: inputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			det := p.Settings.SecretDetector()
			eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				for _, e := range c.Env {
					if e.ValueFrom != "" {
						continue
					}
					if kind, masked, ok := container.SecretEnv(det, e.Name, e.Value); ok {
						p.Reportf(w, e.Value.Pos.Or(e.Pos), "%s: env %s holds %s (%s); put it in a Secret and use valueFrom.secretKeyRef",
							label(c), e.Name.V, kind, masked)
					}
				}
			})
		},
	})
}
