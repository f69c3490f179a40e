package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/security-options",
		Title:    "security_opt disables seccomp, AppArmor or SELinux",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "seccomp, AppArmor and SELinux confine what a container may ask of the kernel even after a " +
			"compromise (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": LSM and seccomp). seccomp:unconfined, apparmor:unconfined and label:disable " +
			"switch that confinement off. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    security_opt:\n      - no-new-privileges:true\n    # no seccomp:unconfined, apparmor:unconfined or label:disable", nil, func(p *rule.Pass, s *model.ComposeService) {
		for _, opt := range s.SecurityOpt.Items {
			if !opt.Known() {
				continue
			}
			if what := container.DisabledConfinement(opt.V); what != "" {
				p.Reportf(s, opt.Pos.Or(s.SecurityOpt.Pos), "%s sets security_opt %q, which disables %s; remove it", label(s), opt.V, what)
			}
		}
	})
}
