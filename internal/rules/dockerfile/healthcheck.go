package dockerfile

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/healthcheck",
		Title:    "Image has no HEALTHCHECK",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Without a health check the runtime only knows whether the process is alive, not whether it " +
			"serves (CIS Docker 4.6). Docker and Docker Compose run the image's HEALTHCHECK and mark the container " +
			"unhealthy; ECS and Kubernetes ignore it: ECS runs the healthCheck of the task definition's container " +
			"(ecs-task/healthcheck) and Kubernetes the pod's liveness and readiness probes, so an image deployed there " +
			"needs those too. Only the stage that is built counts, with the HEALTHCHECK it inherits from the stage it " +
			"is built FROM. A Dockerfile whose built stages set no CMD, " +
			"ENTRYPOINT or EXPOSE, copy nothing from the build context and start from scratch or an operating system or " +
			"language image defines a base image to build FROM: it does not say what will serve, so it cannot check it, " +
			"and is not reported; the images built FROM it are. A Dockerfile that only adds RUN steps to a service image " +
			"(redis, nginx) still runs that service and is reported. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD [\"/app/healthcheck\"]",
		},
		Inputs: dfInputs,
		Peers: rule.Peers{
			Dockle: []string{"CIS-DI-0006"}, Trivy: []string{"AVD-DS-0026"}, Checkov: []string{"CKV_DOCKER_2"},
		},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				s := img.Target
				if s == nil || baseImage(img, built(p, img)) {
					continue
				}
				var last *model.Instruction
				for _, st := range built(p, img) {
					if h := st.Last("healthcheck"); h != nil {
						last = h
						break
					}
				}
				switch {
				case last == nil:
					p.Report(s.From, s.From.Pos, finalLabel(img, s)+" has no HEALTHCHECK, which Docker and Docker Compose use to mark a container that stops serving unhealthy; add one (ECS and Kubernetes ignore it: give the task definition a healthCheck and the pod probes)")
				case len(last.Args) > 0 && strings.EqualFold(last.Args[0], "none"):
					p.Reportf(last, last.Pos, "HEALTHCHECK NONE turns off the health check of %s; define a check instead", finalLabel(img, s))
				}
			}
		},
	})
}
