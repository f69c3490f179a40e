package network

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// sensitivePorts are the ports whose exposure is high: remote
// administration, container and cluster daemons, and databases.
var sensitivePorts = map[int64]string{
	22: "SSH", 3389: "RDP", 5985: "WinRM", 5986: "WinRM",
	2375: "the Docker daemon", 2376: "the Docker daemon", 10250: "the kubelet", 2379: "etcd", 2380: "etcd",
	6443: "the Kubernetes API",
	3306: "MySQL", 5432: "PostgreSQL", 1433: "SQL Server", 1521: "Oracle", 27017: "MongoDB",
	6379: "Redis", 11211: "Memcached", 9200: "Elasticsearch", 9042: "Cassandra", 5439: "Redshift",
}

func init() {
	rule.Register(&rule.Rule{
		ID:       "network/open-ingress",
		Title:    "Security group open to the internet",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "A security group admitting 0.0.0.0/0 or ::/0 on a port other than 80/443 exposes what listens " +
			"there (container instances, load balancers, databases) to the whole internet. Remote administration, " +
			"container and cluster daemons (Docker 2375/2376, the kubelet, etcd) and databases open to the world are " +
			"high; other ports are medium. Allow only known networks or other security groups (Fusic on Zenn, " +
			"\"AWSのコンテナセキュリティを考えるoverview\": access only from permitted networks). The security groups of " +
			"a service's tasks are reported by ecs-service/open-security-group. AWS documentation: Amazon VPC User Guide, \"Security group rules\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "SecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 22\n    ToPort: 22\n    CidrIp: 10.0.0.0/16   # a known network, not 0.0.0.0/0",
			model.Terraform:      "ingress {\n  protocol    = \"tcp\"\n  from_port   = 22\n  to_port     = 22\n  cidr_blocks = [\"10.0.0.0/16\"]  # a known network, not 0.0.0.0/0\n}",
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS},
		Peers: rule.Peers{
			SecurityHub: []string{"EC2.13", "EC2.14", "EC2.18", "EC2.19", "EC2.53", "EC2.54"},
			Checkov:     []string{"CKV_AWS_24", "CKV_AWS_25"},
			Trivy:       []string{"AVD-AWS-0107"},
		},
		Check: func(p *rule.Pass) {
			tasks := usedGroups(p.State, func(s *model.ECSService) model.List { return s.SecurityGroups })
			balancers := usedGroups(p.State, func(lb *model.LoadBalancer) model.List { return lb.SecurityGroups })
			for _, g := range model.Of[*model.SecurityGroup](p.State) {
				if tasks[g] {
					continue // ecs-service/open-security-group reports it
				}
				for _, in := range g.Ingress {
					cidr, open := in.OpenToWorld()
					if !open {
						continue
					}
					ports, bad := in.BeyondWeb()
					if !bad {
						continue
					}
					if what, high := sensitive(in, balancers[g]); high {
						p.Reportf(g, in.Pos, "security group %s admits %s on %s (%s); allow only known networks or security groups", g.ID, cidr, ports, what)
						continue
					}
					p.ReportSeverity(finding.Medium, g, in.Pos, "security group %s admits %s on %s; allow only known networks or security groups", g.ID, cidr, ports)
				}
			}
		},
	})
}

// sensitive names what the rule exposes when that is high: every port (of
// a load balancer when lb is set: the group is one's), or a port of remote
// administration, a daemon or a database.
func sensitive(in model.IngressRule, lb bool) (string, bool) {
	if in.AllPorts() {
		if lb {
			return "every port of the load balancer that uses it: any listener, not only 80/443", true
		}
		return "every service on the hosts", true
	}
	from, to := in.FromPort.V, in.ToPort.V
	if to-from > 65535 {
		return "", false
	}
	for port := from; port <= to; port++ {
		if what, ok := sensitivePorts[port]; ok {
			return what, true
		}
	}
	return "", false
}

// usedGroups are the security groups that the resources of type T use
// (groups gives a resource's list of them).
func usedGroups[T model.Resource](st *model.State, groups func(T) model.List) map[*model.SecurityGroup]bool {
	out := map[*model.SecurityGroup]bool{}
	for _, r := range model.Of[T](st) {
		for _, ref := range groups(r).Items {
			if g, ok := model.Target[*model.SecurityGroup](st, ref, nil); ok {
				out[g] = true
			}
		}
	}
	return out
}
