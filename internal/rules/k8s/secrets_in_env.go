package k8s

import (
	"regexp"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fix"
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
		Fixes:  map[model.Format]rule.FixFunc{model.Kubernetes: fixSecretsInEnv},
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

// secretKey matches the keys a Secret's data may have.
var secretKey = regexp.MustCompile(`^[-._a-zA-Z0-9]+$`)

// fixSecretsInEnv replaces a literal env value with valueFrom.secretKeyRef
// to the chosen Secret, under the variable's name as key. The value leaves
// the file (and is never printed).
func fixSecretsInEnv(p *rule.FixPass) {
	secret := p.Choices.K8sSecret
	if secret == "" {
		p.Skipf("needs the Secret the value moves to: give --k8s-secret NAME, or fix.k8s_secret in .shipshape.yaml")
		return
	}
	d := p.Doc()
	if d == nil {
		return
	}
	item := d.ItemUnder(p.Finding.Pos.Line, "env")
	if item == nil || item.Kind != yaml.MappingNode {
		p.Skipf("no env entry written at the finding")
		return
	}
	_, name := fix.Get(item, "name")
	_, value := fix.Get(item, "value")
	if name == nil || name.Kind != yaml.ScalarNode || value == nil || value.Kind != yaml.ScalarNode {
		p.Skipf("the variable's name and value are not written as text")
		return
	}
	if !secretKey.MatchString(name.Value) {
		p.Skipf("%s is not a valid Secret key: move it by hand", name.Value)
		return
	}
	ref := fix.Map{{K: "secretKeyRef", V: fix.Map{{K: "name", V: secret}, {K: "key", V: name.Value}}}}
	e, err := d.ReplaceEntry(item, "value", "valueFrom", ref)
	if !p.Try([]fix.Edit{e}, err) {
		return
	}
	p.Redact(value.Value)
	p.Notef("create the Secret in the workload's namespace first: kubectl create secret generic %s --from-literal=%s=VALUE (or add the key to it)", secret, name.Value)
}
