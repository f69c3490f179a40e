package ecstask

import (
	"github.com/shipshape/shipshape/internal/model"
)

// workloadContainer is a container of any orchestrator input, so that the
// image and start-command rules are written once: ECS task definitions
// (CloudFormation, Terraform, task-definition JSON, live) and, where the
// state holds them, Kubernetes workloads.
type workloadContainer struct {
	// res is the resource findings are reported on.
	res  model.Resource
	name model.Str
	pos  model.Pos
	// image is the image reference.
	image model.Str
	// entryPoint and command are the argv the container starts with.
	entryPoint, command model.List
	// kube is set for Kubernetes containers.
	kube bool
}

// workloadContainers lists the containers of every workload in the state:
// ECS task definitions' and Kubernetes pods' (init and ephemeral containers
// included). A Kubernetes command replaces the image's entry point and args
// its command, as entryPoint and command do in ECS.
func workloadContainers(st *model.State) []workloadContainer {
	var out []workloadContainer
	for _, td := range model.Of[*model.TaskDefinition](st) {
		for _, c := range td.Containers {
			out = append(out, workloadContainer{res: td, name: c.Name, pos: c.Pos, image: c.Image, entryPoint: c.EntryPoint, command: c.Command})
		}
	}
	for _, w := range model.Of[*model.K8sWorkload](st) {
		for _, c := range w.Containers {
			out = append(out, workloadContainer{res: w, name: c.Name, pos: c.Pos, image: c.Image, entryPoint: c.Command, command: c.Args, kube: true})
		}
	}
	return out
}

func (c workloadContainer) label() string {
	if c.name.Known() && c.name.V != "" {
		return quote(c.name.V)
	}
	return "a container"
}
