package cli

import (
	"github.com/spf13/cobra"
)

func newImage(s Streams) *cobra.Command {
	f := scanFlags{imageCmd: true}
	cmd := &cobra.Command{
		Use:   "image REF...",
		Short: "Check built container images: tarballs, OCI layouts, registry images",
		Long: `Check built images without a Docker daemon. REF is a docker save tarball, an OCI
image layout (a directory, or a tar of one) or a registry reference
(registry/repository:tag or @sha256:digest).

What is checked: the image configuration (user, environment secrets, exposed
SSH, health check), the history (the Dockerfile rules on RUN and ADD: curl | sh,
sudo, package caches, ADD of URLs, secrets in build arguments), and every file
of every layer, streamed once: credential files and private keys (reported in
the layer that added them even when a later layer deletes them), setuid files,
package-manager caches, leftover .git and .aws directories, accounts with empty
passwords. Registry images are also checked for a signature (cosign, Notation).

Registry credentials come from ~/.docker/config.json (docker login, credential
helpers); ECR hosts (ACCOUNT.dkr.ecr.REGION.amazonaws.com) are logged in to
with the AWS SDK's credential chain (AWS_PROFILE, environment, roles).

Findings are located at REF:N, N being the step of the image history that made
the layer. Suppress them in .shipshape.yaml with ignore entries naming
images: [REF or sha256:DIGEST]. Reports, baselines and exit codes are those of
shipshape scan: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error, or an image that could not be read.`,
		Example: `  # a docker save tarball
  docker save app:1.4 -o app.tar && shipshape image app.tar

  # a registry image (docker login, or AWS credentials for ECR)
  shipshape image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4

  # every platform of a multi-platform image, as SARIF
  shipshape image ghcr.io/org/app:1.4 --all-platforms --format sarif -o image.sarif

  # an OCI layout written by buildx (--output type=oci,tar=false,dest=out)
  shipshape image out/ --platform linux/arm64

  # a local test registry over plain HTTP
  shipshape image localhost:5000/app:dev --insecure`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("name at least one image: a docker save tarball, an OCI layout directory or a registry reference (see shipshape image --help)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, s, &f, args)
		},
	}
	f.reportFlags.register(cmd, "the current directory")
	f.textFlags.register(cmd)
	imageFlags(cmd, &f)
	return cmd
}
