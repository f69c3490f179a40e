package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/capabilities",
		Title:    "Linux capabilities added, or ALL not dropped",
		Phase:    finding.PhaseHost,
		Severity: finding.Medium,
		Rationale: "Capabilities such as SYS_ADMIN or NET_ADMIN hand the container kernel powers that break isolation. " +
			"Drop ALL and add back only what the process needs. AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task and container security best practices\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "LinuxParameters:\n  Capabilities:\n    Drop: [ALL]",
			model.TaskDefJSON:    `"linuxParameters": {"capabilities": {"drop": ["ALL"]}}`,
			model.Terraform:      `linuxParameters = { capabilities = { drop = ["ALL"] } }  # inside container_definitions`,
		},
		Inputs: taskInputs,
		Peers:  rule.Peers{},
		Fixes:  containerFix(fixCapabilities),
		Check: func(p *rule.Pass) {
			eachContainer(p, func(td *model.TaskDefinition, c *model.Container) {
				if windows(td) {
					return
				}
				for _, cap := range c.CapAdd.Items {
					name := strings.TrimPrefix(strings.ToUpper(cap.V), "CAP_")
					// NET_BIND_SERVICE (ports below 1024) is in Docker's default set: adding
					// it back after dropping ALL grants nothing more.
					if cap.Known() && name != "NET_BIND_SERVICE" {
						p.Reportf(td, cap.Pos.Or(c.CapAdd.Pos), "%s adds capability %s; remove it unless the process cannot work without it", label(c), name)
					}
				}
				if c.CapDrop.HasUnknown() || c.CapDrop.Has("ALL") {
					return
				}
				at := c.CapDrop.Pos.Or(c.LinuxParameters.Pos).Or(c.Pos)
				if c.CapDrop.Pos.Line == 0 && at.Related == nil && c.Pos.Related != nil {
					// Nothing drops capabilities, in a container a module
					// builds from an object its caller wrote: the drop
					// list is added there, not in the module's own
					// linuxParameters.
					at = c.Pos
				}
				p.Reportf(td, at, "%s does not drop ALL capabilities; set linuxParameters.capabilities.drop: [ALL]", label(c))
			})
		},
	})
}

// fixCapabilities adds ALL to the capabilities the container drops. An
// added capability is left for a person to judge.
func fixCapabilities(p *rule.FixPass) {
	c := p.Container()
	if c == nil {
		return
	}
	line := p.Finding.Pos.Line
	if first, last, ok := c.Lines("LinuxParameters", "Capabilities", "Add"); ok && line >= first && line <= last {
		p.Skipf("an added capability is removed by hand, once you know the process works without it")
		return
	}
	drop := []string{"LinuxParameters", "Capabilities", "Drop"}
	var err error
	if _, _, ok := c.Lines(drop...); ok {
		err = c.Append(drop, "ALL")
	} else {
		err = c.Set(drop, []any{"ALL"})
	}
	if p.Try(nil, err) {
		p.Done(c)
	}
}
