package eks

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "eks/public-endpoint",
		Title:    "EKS API endpoint open to the internet",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "The Kubernetes API server of an EKS cluster is public by default and admits 0.0.0.0/0. " +
			"The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) (orchestrator protection) asks for access only from permitted networks: turn the public " +
			"endpoint off and use the private one, or restrict PublicAccessCidrs to known networks. AWS documentation: Amazon EKS Best Practices Guide, \"Security\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ResourcesVpcConfig:\n  SubnetIds: !Ref PrivateSubnets\n  EndpointPrivateAccess: true\n  EndpointPublicAccess: false\n  # or keep it public for known networks only:\n  # PublicAccessCidrs: [203.0.113.0/24]",
			model.Terraform:      "vpc_config {\n  subnet_ids              = var.private_subnet_ids\n  endpoint_private_access = true\n  endpoint_public_access  = false\n  # or: public_access_cidrs = [\"203.0.113.0/24\"]\n}",
			model.LiveAWS:        "aws eks update-cluster-config --name CLUSTER --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			SecurityHub: []string{"EKS.1"},
			Checkov:     []string{"CKV_AWS_38", "CKV_AWS_39"},
			Trivy:       []string{"AVD-AWS-0040", "AVD-AWS-0041"},
		},
		Check: func(p *rule.Pass) {
			for _, c := range model.Of[*model.EKSCluster](p.State) {
				if !c.EndpointPublic.NotFalse() || c.ResourcesVPCConfig.P == model.Unknown {
					continue
				}
				cidrs := c.PublicAccessCIDRs
				base := c.EndpointPublic.Pos.Or(c.ResourcesVPCConfig.Pos)
				switch {
				case cidrs.P == model.Absent:
					p.Reportf(c, base, "the cluster API endpoint is public and PublicAccessCidrs is not set, so it admits 0.0.0.0/0; set EndpointPublicAccess: false (with EndpointPrivateAccess: true) or restrict PublicAccessCidrs to known networks")
				case cidrs.P == model.Known:
					for _, it := range cidrs.Items {
						if it.Is("0.0.0.0/0", "::/0") {
							p.Reportf(c, it.Pos.Or(cidrs.Pos), "the cluster API endpoint is public and PublicAccessCidrs admits %s; set EndpointPublicAccess: false (with EndpointPrivateAccess: true) or list only known networks", it.V)
							break
						}
					}
				}
			}
		},
	})
}
