package compose

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	register(&rule.Rule{
		ID:       "compose/host-namespaces",
		Title:    "Service shares the host's network, PID or IPC namespace",
		Phase:    finding.PhaseHost,
		Severity: finding.High,
		Rationale: "network_mode: host gives the container the host's network stack (every port, the services bound " +
			"to the host's loopback); pid: host lets it see and signal the host's processes and read their " +
			"environment; ipc: host shares the host's shared memory. Each removes a layer of the isolation " +
			"containers rely on (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": host protection). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
	}, "services:\n  app:\n    # no network_mode: host, pid: host or ipc: host\n    ports: [\"8080:8080\"]", nil, func(p *rule.Pass, s *model.ComposeService) {
		for _, ns := range []struct {
			key  string
			v    model.Str
			what string
		}{
			{"network_mode", s.NetworkMode, "the host's network namespace"},
			{"pid", s.Pid, "the host's process namespace"},
			{"ipc", s.Ipc, "the host's IPC namespace"},
		} {
			if ns.v.Is("host") {
				p.Reportf(s, ns.v.Pos, "%s shares %s (%s: host); remove %s", label(s), ns.what, ns.key, ns.key)
			}
		}
	})
}
