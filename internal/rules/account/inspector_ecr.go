package account

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "inspector/ecr-enabled",
		Title:    "Amazon Inspector does not scan ECR",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) makes Amazon Inspector the vulnerability scanner of the container lifecycle: with ECR " +
			"scanning on, images are scanned when pushed and rescanned as new CVEs are published. An Inspector " +
			"enabler that leaves ECR out scans something else. CloudFormation has no resource for this; a " +
			"module or account that turns Inspector on for no ECR is reported. AWS documentation: Amazon Inspector User Guide, \"Scanning Amazon ECR container images with Amazon Inspector\".",
		Remediation: map[model.Format]string{
			model.Terraform: "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [data.aws_caller_identity.current.account_id]\n  resource_types = [\"ECR\", \"EC2\"]\n}",
			model.LiveAWS:   "aws inspector2 enable --resource-types ECR",
		},
		Inputs: []model.Format{model.Terraform, model.LiveAWS},
		Peers:  rule.Peers{SecurityHub: []string{"Inspector.2"}},
		Check: func(p *rule.Pass) {
			enablers := model.Of[*model.InspectorEnabler](p.State)
			if len(enablers) == 0 {
				for _, a := range liveAccount(p.State) {
					p.Reportf(a, a.Pos, "Amazon Inspector does not scan ECR in %s of account %s, so images are not rescanned as new CVEs are published; enable Inspector for ECR", a.Region, a.Account)
				}
			}
			for _, e := range enablers {
				if e.ResourceTypes.Has("ECR") || e.ResourceTypes.HasUnknown() {
					return // ECR is (or may be) covered
				}
			}
			for _, e := range enablers {
				p.Reportf(e, e.ResourceTypes.Pos.Or(e.Pos), "Amazon Inspector is enabled without ECR in its resource types, so container images are not scanned; add \"ECR\" to resource_types")
			}
		},
	})
}
