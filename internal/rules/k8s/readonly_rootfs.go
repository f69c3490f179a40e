package k8s

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "k8s/readonly-rootfs",
		Title:    "Root filesystem is writable",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "A writable root filesystem lets an intruder drop tools and change binaries and configuration of " +
			"the running container. Mount an emptyDir where the process must write and keep the rest read-only. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  readOnlyRootFilesystem: true\n# and an emptyDir volume for the paths it writes, such as /tmp",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_K8S_22"}, Trivy: []string{"KSV014", "AVD-KSV-0014"}},
		Fixes:  setSecurityContext(true, "readOnlyRootFilesystem"),
		Check: func(p *rule.Pass) {
			eachLinuxContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
				switch ro := c.ReadOnlyRootFilesystem; {
				case ro.Known() && !ro.V:
					p.Reportf(w, ro.Pos, "%s has a writable root filesystem; set securityContext.readOnlyRootFilesystem: true", label(c))
				case ro.P == model.Absent:
					p.Reportf(w, c.Pos, "%s does not set readOnlyRootFilesystem, so its root filesystem is writable; set securityContext.readOnlyRootFilesystem: true", label(c))
				}
			})
		},
	})
}
