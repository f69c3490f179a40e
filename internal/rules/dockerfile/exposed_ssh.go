package dockerfile

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "dockerfile/exposed-ssh",
		Title:    "Image exposes SSH",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.Medium,
		Rationale: "A container that exposes port 22 runs, or invites, an SSH server: another way in, with keys or " +
			"passwords to manage. Use ECS Exec (or kubectl exec) to get a shell, with IAM and audit logging. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# remove EXPOSE 22 and the SSH server; use ECS Exec:\n#   aws ecs execute-command --cluster c --task t --interactive --command /bin/sh",
		},
		Inputs: dfInputs,
		Peers:  rule.Peers{Trivy: []string{"AVD-DS-0004"}, Checkov: []string{"CKV_DOCKER_1"}},
		Check: func(p *rule.Pass) {
			for _, img := range images(p) {
				for _, s := range built(p, img) {
					for _, in := range withTriggers(s, "expose") {
						for _, a := range in.Args {
							if exposes22(a) {
								if in.OnBuild {
									p.Reportf(in, in.Pos, "ONBUILD EXPOSE in %s makes every image built FROM it expose port 22 (SSH); remove it and use ECS Exec for shell access", finalLabel(img, s))
									break
								}
								p.Reportf(in, in.Pos, "%s exposes port 22 (SSH); remove it and use ECS Exec for shell access", finalLabel(img, s))
								break
							}
						}
					}
				}
			}
		},
	})
}

// exposes22 reports whether an EXPOSE argument ("22", "22/tcp", "20-25")
// includes port 22.
func exposes22(a string) bool {
	port, proto, _ := strings.Cut(a, "/")
	if proto != "" && !strings.EqualFold(proto, "tcp") {
		return false
	}
	lo, hi, isRange := strings.Cut(port, "-")
	if !isRange {
		hi = lo
	}
	l, err1 := strconv.Atoi(lo)
	h, err2 := strconv.Atoi(hi)
	return err1 == nil && err2 == nil && l <= 22 && 22 <= h
}
