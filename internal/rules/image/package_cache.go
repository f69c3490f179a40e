package image

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/pkginstall"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/package-manager-cache",
		Title:    "Package-manager caches left in layers",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "Package lists and downloaded packages left by apt-get, apk, yum, dnf, pip or npm enlarge the image " +
			"without being used, and a later layer that deletes them cannot shrink the one that wrote them (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": " +
			"keep images small). Clean them in the same RUN that installs. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n" +
				"RUN apk add --no-cache curl\nRUN pip install --no-cache-dir requests",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"DKL-DI-0005"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, f := range img.Files {
					if f.Kind != model.FilePackageCache {
						continue
					}
					fix := "remove it in the same RUN"
					if c, _, ok := pkginstall.CacheOf("/" + f.Path + "/x"); ok {
						fix = c.Fix
					}
					p.Reportf(img, layerPos(img, f.Layer), "%s leaves %s of %s cache in /%s; %s", layerName(img, f.Layer), size(f.Size), f.What, f.Path, fix)
				}
			}
		},
	})
}
