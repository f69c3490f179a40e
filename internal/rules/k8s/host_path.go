package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/host-path",
		Title:    "hostPath volume",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "A hostPath volume puts the node's files inside the pod: the kubelet's credentials, other pods' " +
			"volumes, the logs of the node, or a path to write a binary the node runs. The restricted and baseline " +
			"Pod Security Standards forbid it (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host " +
			"protection). A volume every container mounts readOnly is reported as low; the container runtime's " +
			"socket is k8s/docker-socket's. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data   # or emptyDir: {} for scratch space",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Trivy: []string{"KSV023", "AVD-KSV-0023"}},
		Check: func(p *rule.Pass) {
			for _, w := range model.Of[*model.K8sWorkload](p.State) {
				for _, v := range w.HostPathVolumes {
					if v.Path.Known() && container.RuntimeSocket(v.Path.V) {
						continue
					}
					path := "a node path"
					if v.Path.Known() {
						path = v.Path.V
					}
					at := v.Path.Pos.Or(v.Pos)
					if v.ReadOnly {
						p.ReportSeverity(finding.Low, w, at, "%s %s mounts %s of the node read-only (hostPath volume %q); use a ConfigMap, a Secret or a persistent volume instead", w.Kind, name(w), path, v.Name)
						continue
					}
					p.Reportf(w, at, "%s %s mounts %s of the node (hostPath volume %q); use a persistent volume or emptyDir instead, or mount it readOnly", w.Kind, name(w), path, v.Name)
				}
			}
		},
	})
}
