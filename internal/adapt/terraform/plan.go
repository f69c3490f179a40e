package terraform

import (
	"bytes"
	"strings"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/awsres"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// LooksLikePlan is a cheap test on raw bytes: the output of
// terraform show -json for a plan (or a state).
func LooksLikePlan(data []byte) bool {
	return bytes.Contains(data, []byte(`"format_version"`)) &&
		(bytes.Contains(data, []byte(`"planned_values"`)) || bytes.Contains(data, []byte(`"resource_changes"`)) ||
			bytes.Contains(data, []byte(`"root_module"`)))
}

// IsPlan reports whether a parsed JSON document is plan (or state) JSON.
func IsPlan(root *tree.Node) bool {
	if root == nil || root.Kind != tree.Map || root.Get("format_version") == nil {
		return false
	}
	return root.Get("planned_values") != nil || root.Get("resource_changes") != nil || root.Get("values").Get("root_module") != nil
}

// AdaptPlan turns plan JSON into a state. Values are those Terraform
// planned; values it only knows after apply (after_unknown) are unknown and
// keep the references the configuration gives for them.
func AdaptPlan(path string, f *tree.File) adapt.Result {
	var res adapt.Result
	for _, w := range f.Warnings {
		res.Warn(w.Kind, model.Pos{File: path, Line: w.Line}, w.Msg)
	}
	if len(f.Docs) == 0 {
		res.Errorf(model.Pos{File: path, Line: 1}, "empty plan")
		return res
	}
	root := f.Docs[0]
	st := model.NewState(path, model.Terraform)
	b := &builder{state: st}

	unknowns := map[string]*tree.Node{}
	for _, rc := range root.Get("resource_changes").List() {
		if addr, ok := rc.Get("address").Text(); ok {
			unknowns[addr] = rc.Get("change").Get("after_unknown")
		}
	}
	exprs := map[string]*tree.Node{}
	collectExpressions(root.Get("configuration").Get("root_module"), "", exprs)

	values := root.Get("planned_values").Get("root_module")
	if values == nil {
		values = root.Get("values").Get("root_module")
	}
	if values == nil {
		res.Warnf(model.Pos{File: path, Line: root.Line}, "plan has no planned values; nothing to check")
	}
	walkPlanModule(values, func(r *tree.Node) {
		addr, _ := r.Get("address").Text()
		typ, _ := r.Get("type").Text()
		dec := decoders[typ]
		if dec == nil || addr == "" {
			return
		}
		if mode, _ := r.Get("mode").Text(); mode == "data" && typ == "aws_iam_policy_document" {
			return
		}
		props := r.Get("values")
		if props == nil || props.Kind != tree.Map {
			props = &tree.Node{Kind: tree.Map, Line: r.Line, Col: r.Col}
		}
		prefix, cfgAddr := configAddress(addr)
		props = markUnknown(props, unknowns[addr], exprs[cfgAddr], prefix, 0)
		meta := awsres.Meta(addr, typ, model.Terraform, model.Pos{File: path, Line: r.Line, Col: r.Col})
		dec(awsres.Decoder{File: path}, meta, props, b)
	})
	b.finish()
	res.States = append(res.States, st)
	return res
}

// walkPlanModule calls fn for every resource of a module and its children.
func walkPlanModule(m *tree.Node, fn func(r *tree.Node)) {
	if m == nil {
		return
	}
	for _, r := range m.Get("resources").List() {
		if r.Kind == tree.Map {
			fn(r)
		}
	}
	for _, c := range m.Get("child_modules").List() {
		walkPlanModule(c, fn)
	}
}

// collectExpressions indexes the configuration's resource expressions by
// module path and address ("module.ecs.aws_ecs_service.this").
func collectExpressions(m *tree.Node, prefix string, out map[string]*tree.Node) {
	if m == nil {
		return
	}
	for _, r := range m.Get("resources").List() {
		if addr, ok := r.Get("address").Text(); ok {
			out[prefix+addr] = r.Get("expressions")
		}
	}
	if calls := m.Get("module_calls"); calls != nil {
		for _, p := range calls.Pairs {
			collectExpressions(p.Value.Get("module"), prefix+"module."+p.Key.Value+".", out)
		}
	}
}

// configAddress strips instance keys from a planned address, giving the
// module prefix (with keys, for references) and the configuration address.
func configAddress(addr string) (prefix, cfg string) {
	var parts []string
	depth := 0
	start := 0
	for i := 0; i < len(addr); i++ {
		switch addr[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				parts = append(parts, addr[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, addr[start:])
	n := 2
	if len(parts) >= 3 && parts[len(parts)-3] == "data" {
		n = 3
	}
	var p, c []string
	for i, s := range parts {
		bare := s
		if j := strings.IndexByte(s, '['); j >= 0 {
			bare = s[:j]
		}
		c = append(c, bare)
		if i < len(parts)-n {
			p = append(p, s)
		}
	}
	prefix = strings.Join(p, ".")
	if prefix != "" {
		prefix += "."
	}
	return prefix, strings.Join(c, ".")
}

// markUnknown returns values with every attribute that after_unknown marks
// replaced by an unknown node carrying the configuration's references.
func markUnknown(values, unk, exprs *tree.Node, prefix string, depth int) *tree.Node {
	if unk == nil || depth > 32 {
		return values
	}
	switch {
	case unk.Kind == tree.Scalar:
		if b, ok := unk.Bool(); ok && b {
			at := values
			if at == nil {
				at = unk
			}
			return &tree.Node{Kind: tree.Unknown, Line: at.Line, Col: at.Col, Refs: planRefs(exprs, prefix)}
		}
	case unk.Kind == tree.Map && values != nil && values.Kind == tree.Map:
		out := *values
		out.Pairs = append([]tree.Pair{}, values.Pairs...)
		for _, p := range unk.Pairs {
			found := false
			for i := range out.Pairs {
				if out.Pairs[i].Key.Value == p.Key.Value {
					out.Pairs[i].Value = markUnknown(out.Pairs[i].Value, p.Value, exprOne(exprs.Get(p.Key.Value)), prefix, depth+1)
					found = true
				}
			}
			if !found {
				if b, ok := p.Value.Bool(); ok && b {
					out.Pairs = append(out.Pairs, tree.Pair{
						Key:   &tree.Node{Kind: tree.Scalar, Value: p.Key.Value, Line: values.Line, Col: values.Col},
						Value: &tree.Node{Kind: tree.Unknown, Line: values.Line, Col: values.Col, Refs: planRefs(exprs.Get(p.Key.Value), prefix)},
					})
				}
			}
		}
		return &out
	case unk.Kind == tree.Seq && values != nil && values.Kind == tree.Seq:
		out := *values
		out.Items = append([]*tree.Node{}, values.Items...)
		for i, u := range unk.Items {
			if i < len(out.Items) {
				var ex *tree.Node
				if exprs != nil && exprs.Kind == tree.Seq && i < len(exprs.Items) {
					ex = exprs.Items[i]
				}
				out.Items[i] = markUnknown(out.Items[i], u, ex, prefix, depth+1)
			}
		}
		return &out
	}
	return values
}

// exprOne unwraps the one-item list the configuration uses for a block.
func exprOne(n *tree.Node) *tree.Node {
	if n != nil && n.Kind == tree.Seq && len(n.Items) == 1 {
		return n.Items[0]
	}
	return n
}

// planRefs reads an expression's references ("aws_kms_key.x.arn") into refs
// to resource addresses.
func planRefs(expr *tree.Node, prefix string) []tree.Ref {
	var out []tree.Ref
	seen := map[string]bool{}
	for _, r := range expr.Get("references").List() {
		s, ok := r.Text()
		if !ok {
			continue
		}
		parts := strings.Split(s, ".")
		var target, attr string
		switch {
		case parts[0] == "var" || parts[0] == "local" || parts[0] == "each" || parts[0] == "count" || parts[0] == "path":
			continue
		case parts[0] == "data" && len(parts) >= 3:
			target = strings.Join(parts[:3], ".")
			if len(parts) > 3 {
				attr = parts[3]
			}
		case parts[0] == "module" && len(parts) >= 2:
			target = parts[0] + "." + parts[1]
			if len(parts) > 2 {
				attr = parts[2]
			}
		case len(parts) >= 2:
			target = parts[0] + "." + parts[1]
			if len(parts) > 2 {
				attr = parts[2]
			}
		default:
			continue
		}
		if seen[target] {
			continue
		}
		seen[target] = true
		out = append(out, tree.Ref{Target: prefix + target, Attr: attr})
	}
	return out
}
