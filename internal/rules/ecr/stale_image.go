package ecr

import (
	"time"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/stale-image",
		Title:    "Running image not rebuilt for a long time",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\" (vulnerability management): images are rebuilt " +
			"regularly so that they take the security patches of their base image and packages. A running task whose image was " +
			"pushed more than stale_image_days ago (default 30) runs whatever was unpatched then. AWS documentation: " +
			"Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.LiveAWS: "Rebuild and push the image on a schedule (for example weekly), then redeploy the service\n(aws ecs update-service --force-new-deployment).",
		},
		Inputs: []model.Format{model.LiveAWS},
		Params: map[string]string{"stale_image_days": "30"},
		Check: func(p *rule.Pass) {
			days := p.IntParam("stale_image_days", 30)
			now := p.Settings.Now
			if now.IsZero() {
				now = time.Now()
			}
			for _, img := range model.Of[*model.ECRImage](p.State) {
				if !img.Running || img.PushedAt.IsZero() {
					continue
				}
				age := int(now.Sub(img.PushedAt).Hours() / 24)
				if age > days {
					p.Reportf(img, img.Pos, "%s was pushed %d days ago (%s), more than %d; rebuild it with current patches and redeploy",
						describeImage(img), age, img.PushedAt.UTC().Format(time.DateOnly), days)
				}
			}
		},
	})
}
