package ecsservice

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-service/public-ip",
		Title:    "Service tasks get public IP addresses",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "A task with a public IP is reachable from the internet whenever its security group allows it. " +
			"Run tasks in private subnets behind a load balancer and reach AWS APIs through NAT or VPC endpoints " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": allow access only from permitted networks). AWS documentation: Amazon ECS best practices guide, \"Best practices for receiving inbound connections to Amazon ECS from the internet\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "NetworkConfiguration:\n  AwsvpcConfiguration:\n    AssignPublicIp: DISABLED\n    Subnets: !Ref PrivateSubnets",
			model.Terraform:      "network_configuration {\n  assign_public_ip = false\n  subnets          = var.private_subnet_ids\n}",
		},
		Inputs: serviceInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.2"}, Checkov: []string{"CKV_AWS_333"}},
		Fixes: map[model.Format]rule.FixFunc{
			model.CloudFormation: rule.SetProperty("DISABLED", "NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"),
			model.Terraform:      rule.SetTF(false, "network_configuration", "assign_public_ip"),
		},
		Check: func(p *rule.Pass) {
			for _, s := range model.Of[*model.ECSService](p.State) {
				if s.AssignPublicIP.Is("ENABLED") {
					if s.Format == model.Terraform {
						p.Reportf(s, s.AssignPublicIP.Pos, "assign_public_ip is true: tasks are reachable from the internet; set it to false and use private subnets behind a load balancer")
						continue
					}
					p.Reportf(s, s.AssignPublicIP.Pos, "AssignPublicIp is ENABLED: tasks are reachable from the internet; set DISABLED and use private subnets behind a load balancer")
				}
			}
		},
	})
}
