package image

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/leftover-files",
		Title:    "Git repository or AWS CLI configuration left in the image",
		Phase:    finding.PhaseImage,
		Severity: finding.Medium,
		Rationale: "A .git directory carries the repository's history (and whatever was ever committed to it) into the " +
			"image; an .aws directory carries AWS CLI profiles and often credentials. Both come from COPY . without a " +
			".dockerignore (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": put only what the application needs in the image). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "# .dockerignore\n.git\n.aws\n",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"DKL-LI-0003"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, f := range img.Files {
					if f.Kind != model.FileLeftover {
						continue
					}
					p.Reportf(img, layerPos(img, f.Layer), "%s adds %s at /%s; %s: exclude it in .dockerignore", layerName(img, f.Layer), f.What, f.Path, deletedNote(img, f))
				}
			}
		},
	})
	rule.Register(&rule.Rule{
		ID:       "image/empty-password",
		Title:    "Account with an empty password in /etc/shadow",
		Phase:    finding.PhaseImage,
		Severity: finding.High,
		Rationale: "An account whose /etc/shadow password field is empty can be logged into, or switched to with su, " +
			"without a password. Lock it instead (a ! or * in the field). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "RUN passwd -l root",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"DKL-LI-0001"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				if len(img.EmptyPasswords) == 0 {
					continue
				}
				p.Reportf(img, img.Pos, "/etc/shadow has accounts with an empty password: %s; lock them (passwd -l NAME)", names(img.EmptyPasswords))
			}
		},
	})
	rule.Register(&rule.Rule{
		ID:       "image/exposed-ssh",
		Title:    "Image exposes SSH (port 22)",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.Medium,
		Rationale: "An image that exposes port 22 runs, or expects, an SSH server: one more service with credentials to " +
			"manage and attack. Reach containers with ECS Exec (logged) instead. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "# remove EXPOSE 22 and the SSH server; use: aws ecs execute-command --interactive --command /bin/sh",
		},
		Inputs: inputs,
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, port := range img.Config.ExposedPorts {
					if num, proto, _ := strings.Cut(port, "/"); num == "22" && (proto == "" || proto == "tcp") {
						p.Reportf(img, img.Pos, "the image configuration exposes port 22 (SSH); remove EXPOSE 22 and the SSH server, and use ECS Exec to reach containers")
					}
				}
			}
		},
	})
	rule.Register(&rule.Rule{
		ID:       "image/healthcheck",
		Title:    "Image has no HEALTHCHECK",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Without a health check, a container that hangs is still counted as running (CIS Docker 4.6). On ECS " +
			"the task definition's healthCheck does the same and takes precedence. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app\", \"healthcheck\"]",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0006"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				switch {
				case len(img.Config.Healthcheck) == 0:
					p.Reportf(img, img.Pos, "the image configuration has no Healthcheck; add a HEALTHCHECK to the Dockerfile or a healthCheck to the task definition")
				case strings.EqualFold(img.Config.Healthcheck[0], "NONE"):
					p.Reportf(img, img.Pos, "the image disables the base image's health check (HEALTHCHECK NONE); add a HEALTHCHECK to the Dockerfile or a healthCheck to the task definition")
				}
			}
		},
	})
}
