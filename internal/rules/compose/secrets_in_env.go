package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/secrets"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/secrets-in-env",
		Title:    "Secret-looking literal value in environment",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "A password, token or key written in a Compose file's environment is in the repository, in every " +
			"clone and in docker inspect output (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not embed secrets; use a secrets store). Use Compose " +
			"secrets (files mounted under /run/secrets), or an env file kept out of the repository. Values " +
			"interpolated from .env or the shell are not judged here. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    secrets: [db_password]\n    environment:\n      DB_PASSWORD_FILE: /run/secrets/db_password\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt   # not committed", nil, func(p *rule.Pass, s *model.ComposeService) {
		det := p.Settings.SecretDetector()
		for _, e := range s.Environment {
			if !e.Value.Known() || !e.Name.Known() {
				continue
			}
			m, ok := det.Env(e.Name.V, e.Value.V)
			if !ok {
				continue
			}
			p.Reportf(s, e.Value.Pos.Or(e.Pos), "%s: environment variable %s holds %s (%s); use Compose secrets or an env file kept out of the repository",
				label(s), e.Name.V, m.Kind, secrets.Mask(e.Value.V))
		}
	})
}
