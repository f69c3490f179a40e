package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/privileged",
		Title:    "Privileged service",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "A privileged container has every capability and the host's devices, with no seccomp or AppArmor " +
			"confinement: escaping to the host is trivial. Containers share the host's kernel, so isolation must be " +
			"strengthened, not weakened (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    # no privileged: true\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]   # only what it needs", nil, func(p *rule.Pass, s *model.ComposeService) {
		if s.Privileged.True() {
			p.Reportf(s, s.Privileged.Pos, "%s is privileged (every capability and the host's devices); remove privileged: true and add only the capabilities it needs with cap_add", label(s))
		}
	})
}
