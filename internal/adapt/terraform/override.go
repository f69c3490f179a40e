package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// IsOverrideFile reports whether a module file is an override file
// (override.tf, *_override.tf and their .tf.json forms), which Terraform
// merges into the blocks of the other files instead of reading it as one of
// them.
func IsOverrideFile(name string) bool {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	base = strings.TrimSuffix(base, ".json")
	if !strings.HasSuffix(base, ".tf") {
		return false
	}
	base = strings.TrimSuffix(base, ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// applyOverride merges the blocks of an override file into the module, as
// Terraform does: a resource, data source, module call or output takes the
// override's arguments in place of its own, and the override's nested
// blocks in place of all its nested blocks of the same type; variables and
// locals are overridden one by one. A block with nothing to override is
// ignored with a notice (Terraform rejects it).
func (a *adapter) applyOverride(m *module, pf *parsedFile) {
	o := &module{dir: m.dir}
	a.collect(o, pf)
	for _, v := range o.variables {
		base := findVariable(m, v.name)
		if base == nil {
			a.notef(kindOverride, pf.path, v.rng, "override of variable %q, which no other file declares; ignored", v.name)
			continue
		}
		if v.hasDflt {
			base.dflt, base.hasDflt = v.dflt, true
		}
		if v.typ != nil {
			base.typ = v.typ
		}
		if v.notNull {
			base.notNull = true
		}
	}
	for _, l := range o.locals {
		replaced := false
		for i, bl := range m.locals {
			if bl.Name == l.Name {
				m.locals[i], replaced = l, true
			}
		}
		if !replaced {
			a.notef(kindOverride, pf.path, l.NameRange, "override of local value %q, which no other file declares; ignored", l.Name)
		}
	}
	for _, r := range o.resources {
		var base *resourceDecl
		for _, br := range m.resources {
			if br.mode == r.mode && br.typ == r.typ && br.name == r.name {
				base = br
			}
		}
		if base == nil {
			a.notef(kindOverride, pf.path, r.rng, "override of %s %s.%s, which no other file declares; ignored", r.mode, r.typ, r.name)
			continue
		}
		base.body = &mergedBody{base: base.body, over: r.body}
		if r.count != nil {
			base.count, base.forEach = r.count, nil
		}
		if r.forEach != nil {
			base.forEach, base.count = r.forEach, nil
		}
	}
	for _, md := range o.modules {
		var base *moduleDecl
		for _, bm := range m.modules {
			if bm.name == md.name {
				base = bm
			}
		}
		if base == nil {
			a.notef(kindOverride, pf.path, md.rng, "override of module %q, which no other file declares; ignored", md.name)
			continue
		}
		base.body = &mergedBody{base: base.body, over: md.body}
		attrs := hcl.Attributes{}
		for k, v := range base.attrs {
			attrs[k] = v
		}
		for k, v := range md.attrs {
			attrs[k] = v
		}
		base.attrs = attrs
		if _, ok := md.attrs["source"]; ok {
			base.source, base.srcRng = md.source, md.srcRng
		}
	}
	for _, out := range o.outputs {
		for i, bo := range m.outputs {
			if bo.Name == out.Name {
				m.outputs[i] = out
			}
		}
	}
}

func findVariable(m *module, name string) *variableDecl {
	for _, v := range m.variables {
		if v.name == name {
			return v
		}
	}
	return nil
}

// mergedBody is a block body with an override file's body merged over it:
// the override's attributes replace the base's of the same name, and its
// nested blocks replace all the base's blocks of the same type.
type mergedBody struct {
	base, over hcl.Body
}

// Content implements hcl.Body.
func (b *mergedBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, _, diags := b.PartialContent(schema)
	return c, diags
}

// PartialContent implements hcl.Body.
func (b *mergedBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	bc, brest, diags := b.base.PartialContent(schema)
	oc, orest, odiags := b.over.PartialContent(schema)
	diags = append(diags, odiags...)
	if bc == nil || oc == nil {
		return bc, brest, diags
	}
	out := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: bc.MissingItemRange}
	for k, v := range bc.Attributes {
		out.Attributes[k] = v
	}
	for k, v := range oc.Attributes {
		out.Attributes[k] = v
	}
	replaced := map[string]bool{}
	for _, blk := range oc.Blocks {
		replaced[blk.Type] = true
	}
	for _, blk := range bc.Blocks {
		if !replaced[blk.Type] {
			out.Blocks = append(out.Blocks, blk)
		}
	}
	out.Blocks = append(out.Blocks, oc.Blocks...)
	return out, &mergedBody{base: brest, over: orest}, diags
}

// JustAttributes implements hcl.Body.
func (b *mergedBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	attrs, diags := b.base.JustAttributes()
	over, odiags := b.over.JustAttributes()
	if attrs == nil {
		attrs = hcl.Attributes{}
	}
	for k, v := range over {
		attrs[k] = v
	}
	return attrs, append(diags, odiags...)
}

// MissingItemRange implements hcl.Body.
func (b *mergedBody) MissingItemRange() hcl.Range { return b.base.MissingItemRange() }

// mergedNode evaluates a merged body: the base's properties, with each
// property the override writes (an argument, or a nested block type)
// replacing the base's. What comes from the override file is placed on the
// block's line in the base file, the file the resource is reported in.
func (e *modEval) mergedNode(b *mergedBody, ctx *hcl.EvalContext, line, col int, top bool) *tree.Node {
	n := e.bodyNode(b.base, ctx, line, col, top)
	over := e.bodyNode(b.over, ctx, line, col, top)
	for _, p := range over.Pairs {
		relocate(p.Key, line, col)
		relocate(p.Value, line, col)
		replaced := false
		for i := range n.Pairs {
			if n.Pairs[i].Key.Value == p.Key.Value {
				n.Pairs[i], replaced = p, true
			}
		}
		if !replaced {
			n.Pairs = append(n.Pairs, p)
		}
	}
	return n
}

// relocate places a node and everything below it at line:col.
func relocate(n *tree.Node, line, col int) {
	if n == nil {
		return
	}
	n.Line, n.Col = line, col
	for _, it := range n.Items {
		relocate(it, line, col)
	}
	for _, p := range n.Pairs {
		relocate(p.Key, line, col)
		relocate(p.Value, line, col)
	}
}
