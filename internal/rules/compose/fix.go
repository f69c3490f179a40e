package compose

import (
	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/rule"
)

// serviceAt returns the mapping of the service whose name is written on
// line, or nil.
func serviceAt(d *fix.Doc, line int) *yaml.Node {
	return serviceWhere(d, func(name, svc *yaml.Node) bool { return name.Line == line })
}

// serviceHolding returns the mapping of the service whose text holds line.
func serviceHolding(d *fix.Doc, line int) *yaml.Node {
	return serviceWhere(d, func(name, svc *yaml.Node) bool { return name.Line <= line && fix.LastLine(svc) >= line })
}

// topKeyHolding returns the top-level key (such as an extension field,
// x-defaults) whose value holds line, other than services; "" for none.
func topKeyHolding(d *fix.Doc, line int) string {
	for _, r := range d.Roots {
		if r.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(r.Content); i += 2 {
			k, v := r.Content[i], r.Content[i+1]
			if k.Value != "services" && k.Line <= line && fix.LastLine(v) >= line {
				return k.Value
			}
		}
	}
	return ""
}

// serviceWhere returns the first service mapping (under services: of any
// document) whose name and mapping pass ok, or nil.
func serviceWhere(d *fix.Doc, ok func(name, svc *yaml.Node) bool) *yaml.Node {
	for _, r := range d.Roots {
		_, svcs := fix.Get(r, "services")
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(svcs.Content); i += 2 {
			if v := svcs.Content[i+1]; v.Kind == yaml.MappingNode && ok(svcs.Content[i], v) {
				return v
			}
		}
	}
	return nil
}

// fixReadOnly sets read_only: true on the service.
func fixReadOnly(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if m, k, _ := d.KeyAt(p.Finding.Pos.Line, "read_only"); k != nil {
		p.Try(d.Set(m, k.Value, true))
		return
	}
	svc := serviceAt(d, p.Finding.Pos.Line)
	if svc == nil {
		p.Skipf("the service is not defined at the finding (it extends another): set read_only where it is defined")
		return
	}
	p.Try(d.Set(svc, "read_only", true))
	p.Notef("give the paths the service writes a tmpfs or a volume")
}

// fixCapDrop adds ALL to the service's cap_drop; an added capability is
// left for a person to judge.
func fixCapDrop(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	line := p.Finding.Pos.Line
	if _, k, v := d.KeyAt(line, "cap_drop"); k != nil {
		e, err := d.Append(v, "ALL")
		p.Try([]fix.Edit{e}, err)
		return
	}
	svc := serviceAt(d, line)
	if svc == nil {
		p.Skipf("an added capability is removed by hand, once you know the process works without it")
		return
	}
	p.Try(d.Set(svc, "cap_drop", []any{"ALL"}))
}
