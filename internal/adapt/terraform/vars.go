package terraform

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/shipshape/shipshape/internal/safefs"
)

// defaultOf is a variable's default, or unknown when it has none; it is
// evaluated once however many module instances use it, and once for all
// the root modules that call its module while the parse cache holds it.
func (a *adapter) defaultOf(v *variableDecl) cty.Value {
	if v.dfltVal != cty.NilVal {
		return v.dfltVal
	}
	v.dfltVal = cty.DynamicVal
	if v.hasDflt {
		v.dfltVal = a.opts.Cache.defaultOf(v)
	}
	return v.dfltVal
}

// evalDefault evaluates a variable's default, converted to its type.
func evalDefault(c *ParseCache, v *variableDecl) cty.Value {
	if val, diags := v.dflt.Value(nil); !diags.HasErrors() {
		return v.convert(c, val)
	}
	return cty.DynamicVal
}

// typeConstraint is what a variable's type expression says: the type and
// the defaults of its optional attributes; bad when it is not a valid type
// constraint. Never changed once read, it is shared between the root
// modules of a scan (ParseCache.typeOf).
type typeConstraint struct {
	ty       cty.Type
	defaults *typeexpr.Defaults
	bad      bool
}

func readType(typ hcl.Expression) *typeConstraint {
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(typ)
	return &typeConstraint{ty: ty, defaults: defaults, bad: diags.HasErrors()}
}

// convert converts a value to the variable's declared type when it can,
// giving the optional attributes of object types their defaults as
// Terraform does (optional(bool, true)). The type constraint is read once
// (through the cache c, when there is one).
func (v *variableDecl) convert(c *ParseCache, val cty.Value) cty.Value {
	if v.typ == nil || val.IsNull() {
		return val
	}
	if v.tc == nil {
		v.tc = c.typeOf(v.typ)
	}
	if v.tc.bad {
		return val
	}
	given := val
	if v.tc.defaults != nil {
		func() {
			defer func() {
				if recover() != nil {
					given = val
				}
			}()
			given = v.tc.defaults.Apply(val)
		}()
	}
	out, err := convert.Convert(given, v.tc.ty)
	if err != nil {
		// Terraform refuses such a value; its defaults are applied at
		// least, so that what the module reads of it is there.
		return given
	}
	return out
}

// rootVariables gives the root module's variables their values: defaults,
// then terraform.tfvars, *.auto.tfvars, -var-file and -var.
func (a *adapter) rootVariables(m *module, dir string) map[string]cty.Value {
	vals := map[string]cty.Value{}
	decls := map[string]*variableDecl{}
	for _, v := range m.variables {
		decls[v.name] = v
		vals[v.name] = a.defaultOf(v)
	}
	set := func(name string, v cty.Value) {
		if d := decls[name]; d != nil {
			vals[name] = d.convert(a.opts.Cache, v)
		}
	}
	entries, err := a.opts.FS.ReadDir(dir)
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		// Most modules have neither: a listing without the name (in any
		// case, for filesystems that ignore it) spares opening it.
		if err != nil || slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return strings.EqualFold(e.Name(), n) }) {
			a.readVarFile(filepath.Join(dir, n), true, set)
		}
	}
	if err == nil {
		var auto []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				auto = append(auto, filepath.Join(dir, n))
			}
		}
		sort.Strings(auto)
		for _, f := range auto {
			a.readVarFile(f, false, set)
		}
	}
	for _, f := range a.opts.VarFiles {
		a.readVarFile(f, false, set)
	}
	names := make([]string, 0, len(a.opts.Vars))
	for n := range a.opts.Vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		raw := a.opts.Vars[n]
		d := decls[n]
		if d == nil {
			continue
		}
		v := cty.StringVal(raw)
		if !isStringType(d.typ) {
			if expr, diags := hclsyntax.ParseExpression([]byte(raw), "-var", hcl.InitialPos); !diags.HasErrors() {
				if pv, diags := expr.Value(nil); !diags.HasErrors() {
					v = pv
				}
			}
		}
		set(n, v)
	}
	return vals
}

func isStringType(typExpr hcl.Expression) bool {
	if typExpr == nil {
		return false
	}
	ty, _, diags := typeexpr.TypeConstraintWithDefaults(typExpr)
	return !diags.HasErrors() && ty == cty.String
}

// readVarFile reads one tfvars file; optional files may be missing.
func (a *adapter) readVarFile(path string, optional bool, set func(string, cty.Value)) {
	data, err := a.opts.FS.ReadFile(path)
	if err != nil {
		if errors.Is(err, safefs.ErrOutside) || errors.Is(err, safefs.ErrNotRegular) || safefs.IsTooLarge(err) {
			a.res.Notef(modelPos(a.opts.Display(path), 0), "variables file not read: "+errors.Unwrap(err).Error())
			return
		}
		if !optional {
			reason := err.Error()
			if isNotExist(err) {
				reason = "no such file"
			}
			a.res.Errorf(modelPos(a.opts.Display(path), 0), "cannot read variables file: "+reason)
		}
		return
	}
	if len(data) > maxReadSize {
		return
	}
	display := a.opts.Display(path)
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		file, diags = parseJSON(data, display)
	} else {
		file, diags = hclsyntax.ParseConfig(data, display, hcl.InitialPos)
	}
	if diags.HasErrors() || file == nil {
		a.diagError(diags, display)
		return
	}
	attrs, diags := file.Body.JustAttributes()
	if diags.HasErrors() {
		a.diagError(diags, display)
	}
	for _, at := range sortedAttrs(attrs) {
		v, d := at.Expr.Value(nil)
		if d.HasErrors() {
			continue
		}
		set(at.Name, v)
	}
}
