package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/capabilities",
		Title:    "Linux capabilities added, or ALL not dropped",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "Docker grants a default set of capabilities (NET_RAW, CHOWN, SETUID among them), and added ones " +
			"such as SYS_ADMIN or NET_ADMIN hand the container kernel powers that break isolation (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host " +
			"protection). Drop ALL and add back only what the process needs; NET_BIND_SERVICE is not reported. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]   # only if needed", fixCapDrop, func(p *rule.Pass, s *model.ComposeService) {
		for _, c := range s.CapAdd.Items {
			if name := container.AddedCapability(c); name != "" {
				p.Reportf(s, c.Pos.Or(s.CapAdd.Pos), "%s adds capability %s; remove it unless the process cannot work without it", label(s), name)
			}
		}
		if s.Privileged.True() || s.CapDrop.HasUnknown() || s.CapDrop.Has("ALL", "CAP_ALL") {
			return // privileged: compose/privileged says it
		}
		p.Reportf(s, s.CapDrop.Pos.Or(s.Pos), "%s does not drop ALL capabilities; set cap_drop: [ALL] and add back only what it needs with cap_add", label(s))
	})
}
