package ecstask

import (
	"iter"

	"github.com/shipshape/shipshape/internal/model"
)

// workloadContainer is a container of an ECS task definition of any input
// (CloudFormation, Terraform, task-definition JSON, live), for the image and
// start-command rules. Kubernetes pods and Compose services have rules of
// their own (k8s/*, compose/*) that share the judgements of
// internal/rules/container.
type workloadContainer struct {
	// res is the resource findings are reported on.
	res  model.Resource
	name model.Str
	pos  model.Pos
	// image is the image reference.
	image model.Str
	// entryPoint and command are the argv the container starts with.
	entryPoint, command model.List
}

// workloadContainers yields the containers of every task definition in
// the state (an iterator, not a slice: three rules run it on every state).
func workloadContainers(st *model.State) iter.Seq[workloadContainer] {
	return func(yield func(workloadContainer) bool) {
		for td := range model.Each[*model.TaskDefinition](st) {
			for _, c := range td.Containers {
				if !yield(workloadContainer{res: td, name: c.Name, pos: c.Pos, image: c.Image, entryPoint: c.EntryPoint, command: c.Command}) {
					return
				}
			}
		}
	}
}

// label names the container for messages: `container "web"`, or "a
// container" when its name is not known.
func (c workloadContainer) label() string {
	if c.name.Known() && c.name.V != "" {
		return "container " + quote(c.name.V)
	}
	return "a container"
}
