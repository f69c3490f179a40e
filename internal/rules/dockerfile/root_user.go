package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/root-user",
		Title:    "Image runs as root",
		Phase:    finding.PhaseImage,
		Severity: finding.High,
		Rationale: "Without USER the container runs as root (seed 002: specify USER; when it is not set the container " +
			"runs as root). Root in the container is root on the host after any escape, and owns every file the " +
			"process can reach. Only the stage that is built counts: builder stages may run as root.",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN groupadd --system app && useradd --system --gid app --uid 10001 app\nUSER 10001:10001",
		},
		Inputs: dfInputs,
		Peers: rule.Peers{
			Hadolint: []string{"DL3002"}, Dockle: []string{"CIS-DI-0001"}, Trivy: []string{"AVD-DS-0002"},
			Checkov: []string{"CKV_DOCKER_3", "CKV_DOCKER_8"},
		},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				s := img.Target
				if s == nil || s.Windows {
					continue
				}
				u := s.User()
				if u == nil {
					if nonRootBase(s) {
						continue
					}
					p.Reportf(s.From, s.From.Pos, "%s sets no USER, so the container runs as root; add USER with a non-root user (USER 10001:10001)", finalLabel(img, s))
					continue
				}
				if u.Value.Known() && isRoot(u.Value.V) {
					p.Reportf(u, u.Pos, "%s runs as root (USER %s); switch to a non-root user after the steps that need root (USER 10001:10001)", finalLabel(img, s), u.Value.V)
				}
			}
		},
	})
}

// isRoot reports whether a USER value names root: root, 0, root:group, 0:group.
func isRoot(v string) bool {
	user, _, _ := strings.Cut(strings.TrimSpace(v), ":")
	return user == "root" || user == "0"
}

// nonRootBase reports whether the image the stage chain starts from is known
// to run as a non-root user (distroless ":nonroot", Chainguard images).
func nonRootBase(s *model.Stage) bool {
	chain := s.Chain()
	root := chain[len(chain)-1]
	if !root.Base.Known() {
		return true // cannot tell what the base image's user is
	}
	ref, ok := imageref.Parse(root.Base.V)
	if !ok {
		return true
	}
	return strings.Contains(ref.Tag, "nonroot") || strings.HasPrefix(ref.Domain+"/"+ref.Path, "cgr.dev/chainguard/")
}
