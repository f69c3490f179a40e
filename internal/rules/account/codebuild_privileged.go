package account

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "build/codebuild-privileged",
		Title:    "CodeBuild project runs in privileged mode",
		Phase:    finding.PhaseBuild,
		Severity: finding.Medium,
		Rationale: "Privileged mode runs a root Docker daemon inside the build container with access to every " +
			"device of the host; a compromised build step or dependency gets that power. The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) (build time) " +
			"warns that the Docker daemon is a root process and points to rootless builders: build images with " +
			"a daemonless or rootless tool (BuildKit rootless, Kaniko, Buildah) and keep privileged mode off. AWS documentation: AWS CodeBuild User Guide, \"Docker in custom image sample\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Environment:\n  Type: LINUX_CONTAINER\n  ComputeType: BUILD_GENERAL1_SMALL\n  Image: aws/codebuild/standard:7.0\n  PrivilegedMode: false",
			model.Terraform:      "environment {\n  type            = \"LINUX_CONTAINER\"\n  compute_type    = \"BUILD_GENERAL1_SMALL\"\n  image           = \"aws/codebuild/standard:7.0\"\n  privileged_mode = false\n}",
			model.LiveAWS:        "aws codebuild update-project --name PROJECT --environment type=LINUX_CONTAINER,computeType=BUILD_GENERAL1_SMALL,image=aws/codebuild/standard:7.0,privilegedMode=false",
		},
		Inputs: inputs,
		Peers:  rule.Peers{SecurityHub: []string{"CodeBuild.5"}, Checkov: []string{"CKV_AWS_316"}},
		Check: func(p *rule.Pass) {
			for _, b := range model.Of[*model.CodeBuildProject](p.State) {
				if b.PrivilegedMode.True() {
					p.Reportf(b, b.PrivilegedMode.Pos, "%s is true: builds run a root Docker daemon with access to the host's devices; set %s and build images with a rootless builder (BuildKit rootless, Kaniko, Buildah)",
						rule.Prop(b.Format, "PrivilegedMode"), rule.SetProp(b.Format, "PrivilegedMode", "false"))
				}
			}
		},
	})
}
