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
// it sets the chosen non-root UID instead. With a chosen UID (--user
// UID[:GID]), a container that sets neither gets runAsUser (and
// runAsGroup) rather than runAsNonRoot, so that an image whose USER is
// root still starts, as that UID.
var fixRunAsNonRoot = map[model.Format]rule.FixFunc{model.Kubernetes: func(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	uid, gid, chosen := chosenIDs(p.Choices.User)
	if _, k, _ := d.KeyAt(p.Finding.Pos.Line, "runAsUser"); k != nil {
		if !chosen {
			p.Skipf("runAsUser is 0: needs a non-root UID: give --user UID (such as 1000), or fix.user in .shipshape.yaml")
			return
		}
		setSecurityContext(uid, "runAsUser")[model.Kubernetes](p)
		return
	}
	if _, k, _ := d.KeyAt(p.Finding.Pos.Line, "runAsNonRoot"); k != nil || !chosen {
		setSecurityContext(true, "runAsNonRoot")[model.Kubernetes](p)
		return
	}
	c := d.ItemUnder(p.Finding.Pos.Line, containerKeys...)
	if c == nil {
		p.Skipf("no container written at the finding")
		return
	}
	ids := fix.Map{{K: "runAsUser", V: uid}}
	if gid > 0 {
		ids = append(ids, fix.KV{K: "runAsGroup", V: gid})
	}
	scKey, sc := fix.Get(c, "securityContext")
	if scKey == nil {
		p.Try(d.SetPath(c, []string{"securityContext"}, ids))
	} else {
		for _, kv := range ids {
			if !p.Try(d.SetPath(sc, []string{kv.K}, kv.V)) {
				return
			}
		}
	}
	p.Notef("the image must let UID %d read its files and write where it writes", uid)
}}

// chosenIDs reads the --user choice as a non-root UID and an optional GID
// (0 when none); ok is false when no numeric non-root UID was chosen.
func chosenIDs(user string) (uid, gid int64, ok bool) {
	u, g, hasGroup := strings.Cut(user, ":")
	uid, err := strconv.ParseInt(u, 10, 64)
	if err != nil || uid <= 0 {
		return 0, 0, false
	}
	if hasGroup {
		if gid, err = strconv.ParseInt(g, 10, 64); err != nil || gid < 0 {
			gid = 0
		}
	}
	return uid, gid, true
}
