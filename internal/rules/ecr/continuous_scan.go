package ecr

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/continuous-scan",
		Title:    "Registry scanning is not continuous (Inspector enhanced)",
		Phase:    finding.PhaseVuln,
		Severity: finding.Low,
		Rationale: "New vulnerabilities are published every day for images that were clean when pushed. Basic " +
			"scanning checks operating-system packages once, on push or on demand; enhanced scanning with Amazon " +
			"Inspector also covers language packages and, with CONTINUOUS_SCAN, rescans stored images as new CVEs " +
			"appear (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": scan images regularly, not only on push; Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": use Amazon Inspector, scan and " +
			"redeploy regularly). The rule judges a registry scanning configuration declared in the scanned files: " +
			"ScanType BASIC (or not written), or ENHANCED with no CONTINUOUS_SCAN rule. A template that declares " +
			"repositories but no registry scanning configuration is not reported: the registry setting is account-wide " +
			"and is usually managed elsewhere, so reporting it on every template would be noise (inspector/ecr-enabled " +
			"judges a module that turns Inspector on). AWS documentation: Amazon ECR User Guide, \"Scan images for software vulnerabilities in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "RegistryScanning:\n  Type: AWS::ECR::RegistryScanningConfiguration\n  Properties:\n    ScanType: ENHANCED\n    Rules:\n      - ScanFrequency: CONTINUOUS_SCAN\n        RepositoryFilters:\n          - Filter: \"*\"\n            FilterType: WILDCARD",
			model.Terraform:      "resource \"aws_ecr_registry_scanning_configuration\" \"this\" {\n  scan_type = \"ENHANCED\"\n  rule {\n    scan_frequency = \"CONTINUOUS_SCAN\"\n    repository_filter {\n      filter      = \"*\"\n      filter_type = \"WILDCARD\"\n    }\n  }\n}",
			model.LiveAWS:        `aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'`,
		},
		Inputs: repoInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			for _, g := range model.Of[*model.RegistryScanning](p.State) {
				t := g.ScanType
				switch {
				case t.Absent():
					p.Reportf(g, t.Pos, "ScanType is not set, so registry scanning is BASIC: images are scanned only on push or on demand and stored images are never rechecked against new CVEs; set ScanType to ENHANCED with a CONTINUOUS_SCAN rule")
				case t.Is("BASIC"):
					p.Reportf(g, t.Pos, "registry scanning is BASIC: images are scanned only on push or on demand and stored images are never rechecked against new CVEs; set ScanType to ENHANCED with a CONTINUOUS_SCAN rule")
				case t.Is("ENHANCED") && !g.RulesUnknown && !hasContinuous(g):
					p.Reportf(g, t.Pos, "enhanced scanning has no CONTINUOUS_SCAN rule: images are scanned when pushed and never rechecked against new CVEs; add a rule with ScanFrequency CONTINUOUS_SCAN")
				}
			}
		},
	})
}

// hasContinuous reports whether a rule scans continuously, or may (its
// frequency is unknown).
func hasContinuous(g *model.RegistryScanning) bool {
	for _, rl := range g.Rules {
		if rl.Frequency.Is("CONTINUOUS_SCAN") || rl.Frequency.P == model.Unknown {
			return true
		}
	}
	return false
}
