package image

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/secrets"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "image/secrets",
		Title:    "Credentials in the image",
		Phase:    finding.PhaseImage,
		Severity: finding.Critical,
		Rationale: "Anyone who can pull an image can read every layer of it: a key or credential file added by one " +
			"layer stays readable in that layer even when a later layer deletes it, and Env values are stored in " +
			"the image configuration (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": do not embed secrets in container images). Pass build secrets with " +
			"RUN --mount=type=secret and runtime secrets through the orchestrator (ECS secrets from Secrets Manager or " +
			"SSM Parameter Store). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Image: "# build time: docker build --secret id=npmrc,src=$HOME/.npmrc .\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n" +
				"# run time: the task definition's secrets with valueFrom a Secrets Manager ARN",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Dockle: []string{"CIS-DI-0010"}},
		Check: func(p *rule.Pass) {
			det := p.Settings.SecretDetector()
			for _, img := range images(p) {
				for _, kv := range img.Config.Env {
					if m, ok := det.Env(kv.Key, kv.Value.V); ok {
						p.Reportf(img, img.Pos, "environment variable %s of the image configuration holds %s (%s), readable by anyone who pulls the image; inject it at run time from Secrets Manager or SSM Parameter Store",
							kv.Key, m.Kind, secrets.Mask(kv.Value.V))
					}
				}
				for _, f := range img.Files {
					if f.Kind != model.FileCredential {
						continue
					}
					p.Reportf(img, layerPos(img, f.Layer), "%s adds the credential file /%s; %s: remove it from the build and pass it with RUN --mount=type=secret",
						layerName(img, f.Layer), f.Path, deletedNote(img, f))
				}
			}
		},
	})
}
