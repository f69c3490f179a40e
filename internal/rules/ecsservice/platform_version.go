package ecsservice

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-service/platform-version",
		Title:    "Fargate service pinned to an old platform version",
		Phase:    finding.PhaseHost,
		Severity: finding.Low,
		Rationale: "Fargate platform versions carry the kernel and runtime AWS patches for you (both guides, " +
			"\"【AWS ECS】ECS+Fargateのセキュリティまとめ\" (Monex Tech Blog) and \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn): AWS " +
			"manages the host's security updates). Pinning a version before 1.4.0 keeps old kernels and misses " +
			"features such as EFS support and task-level encryption. AWS documentation: Amazon ECS Developer Guide, \"Fargate platform versions for Amazon ECS\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "PlatformVersion: LATEST",
			model.Terraform:      `platform_version = "LATEST"`,
		},
		Inputs: serviceInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECS.10"}, Checkov: []string{"CKV_AWS_332"}},
		Check: func(p *rule.Pass) {
			for _, s := range model.Of[*model.ECSService](p.State) {
				v := s.PlatformVersion
				if !onFargate(s) || !v.Known() || v.Is("LATEST") {
					continue
				}
				if !old(v.V) {
					continue
				}
				td, found := model.Target[*model.TaskDefinition](p.State, s.TaskDefinition, func(t *model.TaskDefinition) model.Str { return t.Family })
				switch {
				case found && strings.HasPrefix(td.OSFamily.V, "WINDOWS"):
					continue // 1.0.0 is the current (and only) Fargate platform version for Windows
				case !found && strings.HasPrefix(v.V, "1.0."):
					p.Reportf(s, v.Pos, "the service is pinned to Fargate platform version %s; use LATEST (or 1.4.0 or later) unless its task runs Windows containers, whose only platform version is 1.0.0", v.V)
				default:
					p.Reportf(s, v.Pos, "the service is pinned to Fargate platform version %s; use LATEST (or 1.4.0 or later)", v.V)
				}
			}
		},
	})
}

// old reports whether a Linux platform version is before 1.4.0.
func old(v string) bool {
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return major < 1 || (major == 1 && minor < 4)
}
