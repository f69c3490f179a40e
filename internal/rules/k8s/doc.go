// Package k8s holds the rules on Kubernetes workloads and NetworkPolicies
// (the host and runtime protection of
// "AWSのコンテナセキュリティを考えるoverview" (Fusic on Zenn): seccomp, AppArmor/SELinux,
// NetworkPolicy, and the Pod Security Standards' restricted profile). They
// read model.K8sWorkload, whose containers carry their effective security
// settings: a container's securityContext value, else the pod's.
package k8s

import (
	"fmt"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// inputs are the formats the rules read.
var inputs = []model.Format{model.Kubernetes}

// eachContainer calls fn for every container of every workload, init and
// ephemeral containers included.
func eachContainer(p *rule.Pass, fn func(w *model.K8sWorkload, c *model.K8sContainer)) {
	for _, w := range model.Of[*model.K8sWorkload](p.State) {
		for _, c := range w.Containers {
			fn(w, c)
		}
	}
}

// eachLinuxContainer is eachContainer without the pods of Windows nodes,
// which have no seccomp, AppArmor, SELinux, capabilities, privileged mode or
// read-only root filesystem.
func eachLinuxContainer(p *rule.Pass, fn func(w *model.K8sWorkload, c *model.K8sContainer)) {
	eachContainer(p, func(w *model.K8sWorkload, c *model.K8sContainer) {
		if !w.Windows {
			fn(w, c)
		}
	})
}

// label names a container in messages.
func label(c *model.K8sContainer) string {
	kind := "container"
	switch c.Section {
	case "initContainers":
		kind = "init container"
	case "ephemeralContainers":
		kind = "ephemeral container"
	}
	if c.Name.Known() && c.Name.V != "" {
		return fmt.Sprintf("%s %q", kind, c.Name.V)
	}
	return "a " + kind
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
