package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/non-root-user",
		Title:    "Service runs as root",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Root in the container is root on the host after any escape, and owns every file the process can " +
			"reach (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": run as a non-root user). A service without user runs as its image's user: for a " +
			"service that builds a Dockerfile that shipshape reads, the USER of the stage it builds (its target) " +
			"decides; an image pulled from a registry is taken to run as root unless it is known to set a " +
			"non-root user (distroless :nonroot, Chainguard). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    user: \"10001:10001\"", nil, func(p *rule.Pass, s *model.ComposeService) {
		switch u := s.User; {
		case u.Known():
			if container.IsRootUser(u.V) {
				p.Reportf(s, u.Pos, "%s runs as root (user %q); set user to a non-root UID such as \"10001:10001\"", label(s), u.V)
			}
		case u.P == model.Unknown:
		case s.Build != nil:
			st := s.BuiltStage
			if st == nil {
				return // the Dockerfile could not be read: its user is not known
			}
			if in := st.User(); in != nil {
				if v := in.Value(); v.Known() && container.IsRootUser(v.V) {
					p.Reportf(s, s.Build.Pos, "%s sets no user and the %s it builds runs as root (USER %s); set user, or a non-root USER in the Dockerfile", label(s), st.Label(), v.V)
				}
				return
			}
			if baseNonRoot(st) {
				return
			}
			p.Reportf(s, s.Build.Pos, "%s sets no user and the %s it builds sets no USER, so it runs as root; set user, or a non-root USER in the Dockerfile", label(s), st.Label())
		default:
			text, ok := container.ImageText(s.Image)
			if !ok {
				return
			}
			if ref, parsed := imageref.Parse(text); !parsed || ref.NonRootByDefault() {
				return
			}
			p.Reportf(s, s.Image.Pos.Or(s.Pos), "%s sets no user, so it runs as the image's user (root unless the image sets USER); set user to a non-root UID such as \"10001:10001\"", label(s))
		}
	})
}

// baseNonRoot reports whether the image a stage chain starts from is known
// to run as non-root, or is not known at all.
func baseNonRoot(s *model.Stage) bool {
	chain := s.Chain()
	root := chain[len(chain)-1]
	if root.Scratch || s.Windows {
		return true // scratch has no users; Windows users are dockerfile/root-user's
	}
	if !root.Base.Known() {
		return true
	}
	ref, ok := imageref.Parse(root.Base.V)
	return !ok || ref.NonRootByDefault()
}
