package terraform

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/safefs"
)

// ensureModule evaluates a module call once: a local module is read and
// evaluated with its inputs, a remote one where terraform init installed it;
// any other is skipped with a notice.
func (e *modEval) ensureModule(name string) {
	md := e.modDecl[name]
	if md == nil || e.modSt[name] != todo {
		return
	}
	e.modSt[name] = visiting
	t0 := e.a.share.touches
	defer func() {
		e.modSt[name] = done
		e.refreshModules()
		e.a.taint(&e.modTaint, name, t0)
	}()
	var dir string
	switch {
	case md.source == "":
		e.a.notef(kindModuleNotFollowed, md.file, md.rng, "module %s has no literal source; its resources are not checked", name)
		return
	case isLocalSource(md.source):
		dir = filepath.Join(e.m.dir, filepath.FromSlash(md.source))
	default:
		installed, ok := e.a.installedModule(e.moduleKey(name))
		if !ok {
			e.a.notef(kindRemoteModule, md.file, md.srcRng, "module %s comes from %s, which is not a local path and not installed (terraform init); its resources are not checked", name, md.source)
			return
		}
		dir = installed
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	for _, s := range e.stack {
		if s == abs {
			e.a.notef(kindModuleNotFollowed, md.file, md.srcRng, "module %s calls %s, which is already being evaluated (a cycle of module calls); not followed again", name, md.source)
			return
		}
	}
	if e.depth+1 > MaxModuleDepth {
		e.a.notef(kindModuleNotFollowed, md.file, md.srcRng, "module %s is nested more than %d deep; not followed", name, MaxModuleDepth)
		return
	}
	child := e.a.loadModule(dir)
	if child == nil {
		if _, err := e.a.opts.FS.ReadDir(dir); errors.Is(err, safefs.ErrOutside) {
			e.a.notef(kindModuleOutside, md.file, md.srcRng, "module %s: %s is outside the repository being scanned (the git work tree around the scanned paths, or those paths alone outside git); its resources are not checked: scan the repository's root, or a git checkout of it", name, md.source)
			return
		}
		e.a.notef(kindModuleNotFollowed, md.file, md.srcRng, "module %s: no Terraform files found in %s; its resources are not checked", name, md.source)
		return
	}
	var count, forEach hcl.Expression
	if at := md.attrs["count"]; at != nil {
		count = at.Expr
	}
	if at := md.attrs["for_each"]; at != nil {
		forEach = at.Expr
	}
	tInst := e.a.share.touches
	insts, how := e.instances(count, forEach)
	instTainted := e.tainted || e.a.share.touches != tInst
	stack := append(append([]string{}, e.stack...), abs)
	var outs []cty.Value
	keyed := map[string]cty.Value{}
	for _, in := range insts {
		prefix := e.prefix + "module." + name + in.key + "."
		if s := e.a.share.modules[prefix]; e.a.share.replaying && e.reuse(s) {
			outs = append(outs, s.out)
			if how == byKey {
				keyed[in.index.AsString()] = s.out
			}
			continue
		}
		u := e.a.startUnit()
		if e.a.moduleBudget--; e.a.moduleBudget < 0 {
			e.a.notef(kindModuleNotFollowed, md.file, md.rng, "more than %d module instances; module %s is not followed", maxModuleInstances, name)
			e.modules[name] = cty.DynamicVal
			return
		}
		vars := map[string]cty.Value{}
		inputs := map[string]hcl.Expression{}
		for _, v := range child.variables {
			if at := md.attrs[v.name]; at != nil {
				val, _ := e.value(at.Expr, in.ctx)
				val = e.markWritten(at.Expr, val, in.ctx, 0)
				if val.IsNull() && v.notNull && v.hasDflt {
					// nullable = false: null stands for the default.
					vars[v.name] = e.a.defaultOf(v)
				} else {
					vars[v.name] = v.convert(e.a.opts.Cache, val)
				}
				inputs[v.name] = at.Expr
				continue
			}
			vars[v.name] = e.a.defaultOf(v)
		}
		out := e.a.evalModule(child, prefix, vars, inputs, e, e.b, e.depth+1, stack, instTainted || e.a.share.touches != u.touches)
		if s := e.a.done(u, instTainted); s != nil {
			s.out = out
			if e.a.share.modules == nil {
				e.a.share.modules = map[string]*shared{}
			}
			e.a.share.modules[prefix] = s
		}
		outs = append(outs, out)
		if how == byKey {
			keyed[in.index.AsString()] = out
		}
	}
	switch how {
	case single:
		e.modules[name] = outs[0]
	case byCount:
		if len(outs) == 0 {
			e.modules[name] = cty.EmptyTupleVal
		} else {
			e.modules[name] = cty.TupleVal(outs)
		}
	case byKey:
		e.modules[name] = objectOf(keyed)
	default:
		e.modules[name] = cty.DynamicVal
	}
}

// moduleKey is the key terraform init records for a module call:
// the names of the calls from the root, joined with dots.
func (e *modEval) moduleKey(name string) string {
	var parts []string
	for _, p := range strings.Split(strings.TrimSuffix(e.prefix, "."), ".") {
		if p != "" && p != "module" {
			if i := strings.IndexByte(p, '['); i >= 0 {
				p = p[:i]
			}
			parts = append(parts, p)
		}
	}
	return strings.Join(append(parts, name), ".")
}

// installedModule finds where terraform init put a remote module, from
// .terraform/modules/modules.json in the root module.
func (a *adapter) installedModule(key string) (string, bool) {
	if a.installed == nil {
		a.installed = map[string]string{}
		data, err := a.opts.FS.ReadFile(filepath.Join(a.rootDir, ".terraform", "modules", "modules.json"))
		if err == nil && len(data) <= maxReadSize {
			var manifest struct {
				Modules []struct{ Key, Dir string }
			}
			if json.Unmarshal(data, &manifest) == nil {
				for _, m := range manifest.Modules {
					if m.Key != "" && m.Dir != "" {
						a.installed[m.Key] = filepath.Join(a.rootDir, filepath.FromSlash(m.Dir))
					}
				}
			}
		}
	}
	dir, ok := a.installed[key]
	return dir, ok
}
