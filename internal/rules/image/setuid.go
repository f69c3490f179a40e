package image

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/setuid",
		Title:    "setuid or setgid files in the image",
		Phase:    finding.PhaseHost,
		Severity: finding.Low,
		Rationale: "A setuid or setgid binary runs with its owner's or group's rights whoever starts it: in a container " +
			"that runs as a non-root user, each one is a way back to root (CIS Docker 4.8). Remove the bits from what " +
			"the application does not need, or run with no-new-privileges. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0008"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				byLayer := map[int][]string{}
				var order []int
				for _, f := range img.Files {
					if f.Kind != model.FileSetuid || f.DeletedIn >= 0 {
						continue
					}
					if byLayer[f.Layer] == nil {
						order = append(order, f.Layer)
					}
					byLayer[f.Layer] = append(byLayer[f.Layer], "/"+f.Path)
				}
				for _, l := range order {
					files := byLayer[l]
					what := "a setuid or setgid file"
					if len(files) > 1 {
						what = "setuid or setgid files"
					}
					p.Reportf(img, layerPos(img, l), "%s adds %s: %s; remove the bits (chmod a-s) from those the application does not need",
						layerName(img, l), what, names(files))
				}
			}
		},
	})
}
