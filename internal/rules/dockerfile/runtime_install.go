package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/runtime-install",
		Title:    "Image installs packages when it starts",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "Installing packages at start pulls whatever the mirrors serve that day: unscanned, unpinned, " +
			"different on every start, and it needs network egress and a writable root filesystem (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not " +
			"install packages at run time; reproducibility and security management suffer). Install in a RUN. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "RUN pip install --no-cache-dir gunicorn==22.0.0\nCMD [\"gunicorn\", \"app:app\"]",
		},
		Inputs: dfInputs,
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, in := range startCommands(p, img) {
					if in.Script == nil {
						continue
					}
					if ins := installs(p, in.Script); len(ins) > 0 {
						what := show(strings.TrimSpace(ins[0].Manager + " " + strings.Join(ins[0].Packages, " ")))
						p.Reportf(in, callPos(in, ins[0].Call), "%s of %s installs packages when the container starts (%s); install them in a RUN at build time",
							strings.ToUpper(in.Cmd), finalLabel(img, img.Target), what)
						continue
					}
					if dl := pkginstall.PipesToShell(in.Script); len(dl) > 0 {
						p.Reportf(in, callPos(in, dl[0].Call), "%s of %s downloads a script and runs it with %s when the container starts; bake what it installs into the image",
							strings.ToUpper(in.Cmd), finalLabel(img, img.Target), dl[0].Shell)
					}
				}
				for _, ss := range img.StartScripts {
					if ins := installs(p, ss.Script); len(ins) > 0 {
						what := show(strings.TrimSpace(ins[0].Manager + " " + strings.Join(ins[0].Packages, " ")))
						p.Reportf(ss.Cmd, ss.Cmd.Pos, "%s runs %s, which installs packages when the container starts (%s); install them in a RUN at build time",
							strings.ToUpper(ss.Cmd.Cmd), ss.Path, what)
						continue
					}
					if dl := pkginstall.PipesToShell(ss.Script); len(dl) > 0 {
						p.Reportf(ss.Cmd, ss.Cmd.Pos, "%s runs %s, which downloads a script and runs it with %s when the container starts; bake what it installs into the image",
							strings.ToUpper(ss.Cmd.Cmd), ss.Path, dl[0].Shell)
					}
				}
			}
		},
	})
}

// startCommands returns the ENTRYPOINT and CMD in effect for the built
// stage (the last of each along the stages it is built FROM).
func startCommands(p *rule.Pass, img *model.DockerfileImage) []*model.Instruction {
	var out []*model.Instruction
	for _, cmd := range []string{"entrypoint", "cmd"} {
		for _, s := range built(p, img) {
			if in := s.Last(cmd); in != nil {
				out = append(out, in)
				break
			}
		}
	}
	return out
}
