package eks

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "eks/control-plane-logging",
		Title:    "EKS audit and authenticator logs not enabled",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.Low,
		Rationale: "EKS sends no control-plane logs unless asked. The audit log records who did what through the " +
			"Kubernetes API and the authenticator log which IAM identity became which Kubernetes user: without " +
			"them access to the orchestrator cannot be reviewed (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": manage who can access the " +
			"orchestrator and with which permissions). AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Logging:\n  ClusterLogging:\n    EnabledTypes:\n      - Type: audit\n      - Type: authenticator\n      - Type: api",
			model.Terraform:      "enabled_cluster_log_types = [\"audit\", \"authenticator\", \"api\"]",
			model.LiveAWS:        "aws eks update-cluster-config --name CLUSTER --logging '{\"clusterLogging\":[{\"types\":[\"audit\",\"authenticator\"],\"enabled\":true}]}'",
		},
		Inputs: inputs,
		Peers:  rule.Peers{SecurityHub: []string{"EKS.8"}, Checkov: []string{"CKV_AWS_37"}, Trivy: []string{"AVD-AWS-0038"}},
		Check: func(p *rule.Pass) {
			for _, c := range model.Of[*model.EKSCluster](p.State) {
				types := c.LogTypes
				if types.HasUnknown() {
					continue
				}
				var missing []string
				for _, t := range []string{"audit", "authenticator"} {
					if !types.Has(t) {
						missing = append(missing, t)
					}
				}
				if len(missing) == 0 {
					continue
				}
				logs := strings.Join(missing, " and ") + " log"
				if len(missing) > 1 {
					logs += "s"
				}
				p.Reportf(c, types.Pos.Or(c.LoggingPos).Or(c.Pos), "control-plane logging leaves out the %s; add %s to Logging.ClusterLogging.EnabledTypes", logs, strings.Join(missing, " and "))
			}
		},
	})
}
