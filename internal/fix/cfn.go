package fix

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/model"
)

// Resource returns the mapping of CloudFormation resource id.
func (d *Doc) Resource(id string) (*yaml.Node, error) {
	for _, r := range d.Roots {
		_, res := Get(r, "Resources")
		if res == nil {
			continue
		}
		for i := 0; i+1 < len(res.Content); i += 2 {
			if res.Content[i].Value == id {
				v := res.Content[i+1]
				if v.Kind != yaml.MappingNode {
					return nil, fmt.Errorf("%w: resource %s is %s", ErrUnsupported, id, describe(v))
				}
				return v, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: resource %s not found in the template", ErrUnsupported, id)
}

// SetProperty sets a property path of CloudFormation resource id, adding
// Properties and the mappings of the path that are missing.
func (d *Doc) SetProperty(id string, path []string, v any) ([]Edit, error) {
	r, err := d.Resource(id)
	if err != nil {
		return nil, err
	}
	return d.SetPath(r, append([]string{"Properties"}, path...), v)
}

// Property returns the node at a property path of resource id, or nil.
func (d *Doc) Property(id string, path ...string) *yaml.Node {
	r, err := d.Resource(id)
	if err != nil {
		return nil
	}
	n := r
	for _, k := range append([]string{"Properties"}, path...) {
		if _, n = Get(n, k); n == nil {
			return nil
		}
	}
	return n
}

// TaskContainers returns the container definitions of the task definition
// a finding is on: a CloudFormation resource's ContainerDefinitions, or a
// task-definition file's containerDefinitions.
func (d *Doc) TaskContainers(format model.Format, resource string) (*yaml.Node, error) {
	if format != model.CloudFormation && format != model.TaskDefJSON {
		return nil, fmt.Errorf("%w: %s container definitions are not edited", ErrUnsupported, format)
	}
	list := d.TaskProperty(format, resource, "ContainerDefinitions")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%w: the container definitions are not a list written in the file", ErrUnsupported)
	}
	return list, nil
}

// TaskProperty returns a task definition's property (named as
// CloudFormation does) from a template resource or a task-definition file,
// or nil.
func (d *Doc) TaskProperty(format model.Format, resource, name string) *yaml.Node {
	if format == model.CloudFormation {
		return d.Property(resource, name)
	}
	for _, r := range d.Roots {
		if _, td := Get(r, "taskDefinition"); td != nil {
			r = td
		}
		if _, v := Get(r, name); v != nil {
			return v
		}
	}
	return nil
}

// ItemAt returns the item of sequence s that the 1-based line falls in: the
// last item starting on or before it.
func ItemAt(s *yaml.Node, line int) *yaml.Node {
	var at *yaml.Node
	for _, it := range s.Content {
		if it.Line <= line {
			at = it
		}
	}
	return at
}

// ContainerAt returns the container definition of a finding at line.
func (d *Doc) ContainerAt(format model.Format, resource string, line int) (*yaml.Node, error) {
	list, err := d.TaskContainers(format, resource)
	if err != nil {
		return nil, err
	}
	c := ItemAt(list, line)
	if c == nil || c.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: no container definition written at line %d", ErrUnsupported, line)
	}
	return c, nil
}

// taskDefNames are the task-definition JSON names that are not the
// CloudFormation name with a lower-case first letter.
var taskDefNames = map[string]string{
	"EFSVolumeConfiguration": "efsVolumeConfiguration",
}

// Spell returns a CloudFormation property name as the format writes it:
// task-definition JSON uses camelCase.
func Spell(format model.Format, name string) string {
	if format != model.TaskDefJSON {
		return name
	}
	if s, ok := taskDefNames[name]; ok {
		return s
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// SpellPath is Spell for every name of a path.
func SpellPath(format model.Format, path ...string) []string {
	out := make([]string, len(path))
	for i, p := range path {
		out[i] = Spell(format, p)
	}
	return out
}

// SpellMap is Spell for the keys of a Map (not of nested maps).
func SpellMap(format model.Format, m Map) Map {
	out := make(Map, len(m))
	for i, kv := range m {
		out[i] = KV{Spell(format, kv.K), kv.V}
	}
	return out
}

// KMSKey returns the value to write for the chosen KMS key: the key given,
// or a Ref to the parameter named by KMSKeyParameter, with the edits that
// declare that parameter when the template does not. ok is false when no
// key was chosen.
func KMSKey(d *Doc, c *Choices) (v any, edits []Edit, ok bool) {
	switch {
	case c == nil:
		return nil, nil, false
	case c.KMSKey != "":
		return c.KMSKey, nil, true
	case c.KMSKeyParameter == "":
		return nil, nil, false
	}
	name := c.KMSKeyParameter
	decl := Map{{"Type", "String"}, {"Description", "ARN of the customer managed KMS key that encrypts data at rest"}}
	for _, r := range d.Roots {
		if r.Kind != yaml.MappingNode {
			continue
		}
		_, params := Get(r, "Parameters")
		if params == nil {
			e, err := d.Insert(r, "Parameters", Map{{name, decl}})
			if err != nil {
				return nil, nil, false
			}
			return Ref(name), []Edit{e}, true
		}
		if _, p := Get(params, name); p != nil {
			return Ref(name), nil, true
		}
		e, err := d.Insert(params, name, decl)
		if err != nil {
			return nil, nil, false
		}
		return Ref(name), []Edit{e}, true
	}
	return nil, nil, false
}
