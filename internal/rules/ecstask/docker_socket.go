package ecstask

import (
	"path"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// runtimeSockets are the host paths of container runtime sockets: whoever
// can write to one can start a privileged container on the host.
var runtimeSockets = []string{
	"/var/run/docker.sock", "/run/docker.sock",
	"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
	"/var/run/ecs/ecs-agent.sock",
}

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/docker-socket",
		Title:    "Container runtime socket mounted into a container",
		Phase:    finding.PhaseHost,
		Severity: finding.Critical,
		Rationale: "A container that mounts the Docker or containerd socket of its EC2 instance can start a " +
			"privileged container with the host's root file system mounted: it is root on the instance and on " +
			"every task running there, whatever the task's own settings (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": keep containers away from the host). " +
			"Give monitoring agents an API that does not hand out the runtime. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Volumes:\n  - Name: data   # no Host.SourcePath on /var/run/docker.sock",
			model.TaskDefJSON:    `"volumes": [{"name": "data"}]`,
			model.Terraform:      "volume {\n  name = \"data\"   # no host_path on /var/run/docker.sock\n}",
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{},
		Check: func(p *rule.Pass) {
			for _, td := range model.Of[*model.TaskDefinition](p.State) {
				sockets := map[string]string{}
				for _, v := range td.Volumes {
					if v.Name.Known() && v.HostPath.Known() && isRuntimeSocket(v.HostPath.V) {
						sockets[v.Name.V] = v.HostPath.V
					}
				}
				if len(sockets) == 0 {
					continue
				}
				for _, c := range td.Containers {
					for _, m := range c.MountPoints {
						if !m.SourceVolume.Known() {
							continue
						}
						host, ok := sockets[m.SourceVolume.V]
						if !ok {
							continue
						}
						p.Reportf(td, m.Pos.Or(c.Pos), "%s mounts the container runtime socket %s (volume %s): it can start privileged containers, which makes it root on the instance; remove the mount", label(c), host, quote(m.SourceVolume.V))
					}
				}
			}
		},
	})
}

// isRuntimeSocket reports whether a host path is a container runtime
// socket, or a directory that holds one (/var/run).
func isRuntimeSocket(p string) bool {
	p = path.Clean(strings.TrimSpace(p))
	for _, s := range runtimeSockets {
		if p == s || strings.HasPrefix(s, p+"/") && p != "/" && strings.Count(p, "/") >= 2 {
			return true
		}
	}
	return false
}
