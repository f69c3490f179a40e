package ecstask

import (
	"github.com/shipshape/shipshape/internal/fix"
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
				p.Reportf(td, c.CapDrop.Pos.Or(c.LinuxParameters.Pos).Or(c.Pos), "%s does not drop ALL capabilities; set linuxParameters.capabilities.drop: [ALL]", label(c))
			})
		},
	})
}

// fixCapabilities adds ALL to the capabilities the container drops. An
// added capability is left for a person to judge.
func fixCapabilities(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	f := p.Finding.Format
	c, err := d.ContainerAt(f, p.Finding.Resource, p.Finding.Pos.Line)
	if !p.Try(nil, err) {
		return
	}
	_, lp := fix.Get(c, "LinuxParameters")
	_, caps := fix.Get(lp, "Capabilities")
	addKey, add := fix.Get(caps, "Add")
	if addKey != nil && p.Finding.Pos.Line >= addKey.Line && p.Finding.Pos.Line <= fix.LastLine(add) {
		p.Skipf("an added capability is removed by hand, once you know the process works without it")
		return
	}
	_, drop := fix.Get(caps, "Drop")
	if drop == nil {
		p.Try(d.SetPath(c, fix.SpellPath(f, "LinuxParameters", "Capabilities", "Drop"), []any{"ALL"}))
		return
	}
	e, err := d.Append(drop, "ALL")
	p.Try([]fix.Edit{e}, err)
}
