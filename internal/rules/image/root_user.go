package image

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/root-user",
		Title:    "Image runs as root",
		Phase:    finding.PhaseImage,
		Severity: finding.High,
		Rationale: "An image whose configuration sets no user, or root, runs its process as UID 0 unless the orchestrator " +
			"overrides it: a compromise of the application is a compromise of root in the container, one step from the " +
			"host (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": run as a non-root user; CIS Docker 4.1). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "# in the Dockerfile's final stage\nRUN useradd --uid 10001 --no-create-home app\nUSER 10001",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0001"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				u := strings.TrimSpace(img.Config.User)
				user, _, _ := strings.Cut(u, ":")
				switch {
				case u == "":
					p.Reportf(img, img.Pos, "the image configuration sets no User, so the container runs as root; set USER to a non-root UID (USER 10001) in the Dockerfile's final stage")
				case user == "root" || user == "0":
					p.Reportf(img, img.Pos, "the image configuration sets User %q, so the container runs as root; set USER to a non-root UID (USER 10001) in the Dockerfile's final stage", u)
				}
			}
		},
	})
}
