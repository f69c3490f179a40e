package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/readonly-rootfs",
		Title:    "Writable root filesystem",
		Phase:    finding.PhaseHost,
		Severity: finding.Low,
		Rationale: "A read-only root filesystem stops an attacker from changing the container's binaries or dropping " +
			"tools into it, and keeps what runs identical to the image that was scanned (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": mount the root " +
			"filesystem read-only). Give the paths the process writes a tmpfs or a volume. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    read_only: true\n    tmpfs: [/tmp]", fixReadOnly, func(p *rule.Pass, s *model.ComposeService) {
		if s.ReadOnly.NotTrue() {
			p.Reportf(s, s.ReadOnly.Pos.Or(s.Pos), "%s has a writable root filesystem; set read_only: true and give the paths it writes a tmpfs or a volume", label(s))
		}
	})
}
