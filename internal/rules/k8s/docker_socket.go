package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/docker-socket",
		Title:    "Container runtime socket mounted into a pod",
		Phase:    finding.PhaseHost,
		Severity: finding.Critical,
		Rationale: "Whoever reaches the node's Docker, containerd or CRI-O socket can start a privileged container " +
			"with the node's root filesystem mounted: the socket is root on the node, read-only mount or not " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": least privilege for users and permissions; " +
			"CIS Docker 5.31). Build images with a daemonless builder (BuildKit rootless, kaniko) and read node " +
			"metrics through the kubelet's API instead. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "volumes:\n  # no hostPath: {path: /var/run/docker.sock}\n  - name: cache\n    emptyDir: {}",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			Checkov: []string{"CKV_K8S_27"},
			Trivy:   []string{"KSV006", "AVD-KSV-0006"},
		},
		Check: func(p *rule.Pass) {
			for _, w := range model.Of[*model.K8sWorkload](p.State) {
				for _, v := range w.HostPathVolumes {
					if v.Path.Known() && container.RuntimeSocket(v.Path.V) {
						p.Reportf(w, v.Path.Pos.Or(v.Pos), "%s %s mounts the container runtime socket %s (volume %q), which is root on the node; remove the volume, or use a daemonless builder or the kubelet's API", w.Kind, name(w), v.Path.V, v.Name)
					}
				}
			}
		},
	})
}
