package ecsservice

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-service/open-security-group",
		Title:    "Task security group open to the internet",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "The security group of a service's tasks admits 0.0.0.0/0 or ::/0 on a port other than 80/443: " +
			"anyone can reach the container directly. Allow only the load balancer's security group or known " +
			"networks (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": security groups assigned to ECS tasks; access only from permitted networks). AWS documentation: Amazon ECS best practices guide, \"Best practices for receiving inbound connections to Amazon ECS from the internet\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "SecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 8080\n    ToPort: 8080\n    SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup",
			model.Terraform:      "ingress {\n  protocol        = \"tcp\"\n  from_port       = 8080\n  to_port         = 8080\n  security_groups = [aws_security_group.alb.id]\n}",
		},
		Inputs: serviceInputs,
		Peers:  rule.Peers{SecurityHub: []string{"EC2.18", "EC2.19"}},
		Check: func(p *rule.Pass) {
			seen := map[*model.SecurityGroup]bool{}
			for _, s := range model.Of[*model.ECSService](p.State) {
				for _, ref := range s.SecurityGroups.Items {
					g, ok := model.Target[*model.SecurityGroup](p.State, ref, nil)
					if !ok || seen[g] {
						continue
					}
					seen[g] = true
					for _, in := range g.Ingress {
						if cidr, open := in.OpenToWorld(); open {
							if ports, bad := in.BeyondWeb(); bad {
								p.Reportf(g, in.Pos, "security group of service %s admits %s on %s; allow only the load balancer's security group or known networks", s.ID, cidr, ports)
							}
						}
					}
				}
			}
		},
	})
}
