package ecsservice

import (
	"fmt"

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
						if cidr, open := openToWorld(in); open {
							if ports, bad := beyondWeb(in); bad {
								p.Reportf(g, in.Pos, "security group of service %s admits %s on %s; allow only the load balancer's security group or known networks", s.ID, cidr, ports)
							}
						}
					}
				}
			}
		},
	})
}

func openToWorld(in model.IngressRule) (string, bool) {
	switch {
	case in.CIDRv4.Is("0.0.0.0/0"):
		return "0.0.0.0/0", true
	case in.CIDRv6.Is("::/0"):
		return "::/0", true
	}
	return "", false
}

// beyondWeb describes the ports a rule opens and whether any is not 80 or 443.
func beyondWeb(in model.IngressRule) (string, bool) {
	if in.Protocol.Is("-1", "all") {
		return "all ports and protocols", true
	}
	if in.Protocol.Is("icmp", "icmpv6", "1", "58") {
		return "", false
	}
	from, to := in.FromPort, in.ToPort
	if !from.Known() || !to.Known() {
		if from.P == model.Absent && to.P == model.Absent && in.Protocol.Known() {
			return "all ports", true
		}
		return "", false
	}
	for port := from.V; port <= to.V; port++ {
		if port != 80 && port != 443 {
			if from.V == to.V {
				return fmt.Sprintf("port %d", from.V), true
			}
			return fmt.Sprintf("ports %d-%d", from.V, to.V), true
		}
		if port-from.V > 70000 {
			break
		}
	}
	return "", false
}
