package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/rules/container"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/docker-socket",
		Title:    "Docker socket mounted into a service",
		Phase:    finding.PhaseHost,
		Severity: finding.Critical,
		Rationale: "Whoever reaches the Docker (or containerd, CRI-O, Podman) socket can start a privileged container " +
			"with the host's root filesystem mounted: the socket is root on the host, read-only mount or not " +
			"(Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": least privilege; CIS Docker 5.31). Give tools that need the API a socket proxy that allows " +
			"only the calls they make, or run them outside containers. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    volumes:\n      # no /var/run/docker.sock:/var/run/docker.sock\n      - data:/data", nil, func(p *rule.Pass, s *model.ComposeService) {
		for _, v := range s.Volumes {
			if v.Type == "bind" && container.RuntimeSocket(v.Source) {
				p.Reportf(s, v.Pos, "%s mounts the container runtime socket %s, which gives it root on the host; remove the mount or put a socket proxy that allows only the API calls it needs in between", label(s), v.Source)
			}
		}
	})
}
