package k8s

import (
	"strconv"
	"strings"

	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// containerKeys are the lists that hold a pod's containers.
var containerKeys = []string{"containers", "initContainers", "ephemeralContainers"}

// setSecurityContext is the fix of a container rule whose remedy is one
// security-context setting: a value written on the finding's line (in the
// container's or the pod's securityContext) is replaced where it is
// written; otherwise the setting is added to the container's
// securityContext.
func setSecurityContext(v any, path ...string) map[model.Format]rule.FixFunc {
	return map[model.Format]rule.FixFunc{model.Kubernetes: func(p *rule.FixPass) {
		d := p.Doc()
		if d == nil {
			return
		}
		line := p.Finding.Pos.Line
		for i := len(path) - 1; i >= 0; i-- {
			if m, k, _ := d.KeyAt(line, path[i]); k != nil {
				p.Try(d.SetPath(m, append([]string{k.Value}, path[i+1:]...), v))
				return
			}
		}
		c := d.ItemUnder(line, containerKeys...)
		if c == nil {
			p.Skipf("no container written at the finding")
			return
		}
		p.Try(d.SetPath(c, append([]string{"securityContext"}, path...), v))
	}}
}

// fixDropAll adds ALL to the capabilities a container drops; a capability
// it adds is left for a person to judge.
func fixDropAll(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	line := p.Finding.Pos.Line
	c := d.ItemUnder(line, containerKeys...)
	if c == nil {
		p.Skipf("no container written at the finding")
		return
	}
	_, sc := fix.Get(c, "securityContext")
	_, caps := fix.Get(sc, "capabilities")
	if addKey, add := fix.Get(caps, "add"); addKey != nil && line >= addKey.Line && (line <= addKey.Line || fix.LastLine(add) >= line) {
		p.Skipf("an added capability is removed by hand, once you know the process works without it")
		return
	}
	if _, drop := fix.Get(caps, "drop"); drop != nil {
		e, err := d.Append(drop, "ALL")
		p.Try([]fix.Edit{e}, err)
		return
	}
	p.Try(d.SetPath(c, []string{"securityContext", "capabilities", "drop"}, []any{"ALL"}))
}

// fixPrivileged sets privileged: false where privileged: true is written,
// and allowPrivilegeEscalation: false otherwise.
var fixPrivileged = map[model.Format]rule.FixFunc{model.Kubernetes: func(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if _, k, _ := d.KeyAt(p.Finding.Pos.Line, "privileged"); k != nil {
		setSecurityContext(false, "privileged")[model.Kubernetes](p)
		return
	}
	setSecurityContext(false, "allowPrivilegeEscalation")[model.Kubernetes](p)
}}

// fixRunAsNonRoot sets runAsNonRoot: true; where runAsUser: 0 is written,
// it sets the chosen non-root UID instead.
var fixRunAsNonRoot = map[model.Format]rule.FixFunc{model.Kubernetes: func(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if _, k, _ := d.KeyAt(p.Finding.Pos.Line, "runAsUser"); k != nil {
		uid, err := strconv.ParseInt(strings.SplitN(p.Choices.User, ":", 2)[0], 10, 64)
		if err != nil || uid <= 0 {
			p.Skipf("runAsUser is 0: needs a non-root UID: give --user UID (such as 1000), or fix.user in .shipshape.yaml")
			return
		}
		setSecurityContext(uid, "runAsUser")[model.Kubernetes](p)
		return
	}
	setSecurityContext(true, "runAsNonRoot")[model.Kubernetes](p)
}}
