package fix

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Container is one ECS container definition opened for editing in the
// syntax it is written in: a YAML or JSON mapping (CloudFormation,
// task-definition JSON, JSON in a Terraform heredoc) or an HCL object
// (Terraform jsonencode). Paths name properties as CloudFormation does;
// each syntax spells them its way.
type Container interface {
	// Set sets the property at path, adding what is missing.
	Set(path []string, v any) error
	// Lines returns the first and last line of the property at path; ok
	// is false when it is not written.
	Lines(path ...string) (first, last int, ok bool)
	// Append adds v to the list written at path.
	Append(path []string, v any) error
	// MoveEnv removes the environment variable written at line (or, when
	// line is outside the environment, the one named name) and adds the
	// entry secret(name) to the container's Secrets. It returns the
	// variable's name and the value removed.
	MoveEnv(line int, name string, secret func(name string) Map) (string, string, error)
	// Edits returns the edits made.
	Edits() ([]Edit, error)
}

// yamlContainer is a container mapping in a Doc, which may be a part of
// the file (a heredoc), starting at byte base and line lineBase+1.
type yamlContainer struct {
	d        *Doc
	c        *yaml.Node
	format   model.Format
	base     int
	lineBase int
	masked   [][2]int // ranges of the Doc's text that are not the file's
	edits    []Edit
}

// YAMLContainer opens the container mapping c of d for editing; names are
// spelled as format spells them.
func YAMLContainer(d *Doc, c *yaml.Node, format model.Format) Container {
	return &yamlContainer{d: d, c: c, format: format}
}

func (y *yamlContainer) path(path []string) []string { return SpellPath(y.format, path...) }

func (y *yamlContainer) get(path []string) (k, v *yaml.Node) {
	v = y.c
	for _, name := range y.path(path) {
		if k, v = Get(v, name); v == nil {
			return nil, nil
		}
	}
	return k, v
}

func (y *yamlContainer) add(es []Edit, err error) error {
	if err != nil {
		return err
	}
	y.edits = append(y.edits, es...)
	return nil
}

func (y *yamlContainer) Set(path []string, v any) error {
	return y.add(y.d.SetPath(y.c, y.path(path), v))
}

func (y *yamlContainer) Lines(path ...string) (int, int, bool) {
	k, v := y.get(path)
	if k == nil {
		return 0, 0, false
	}
	return k.Line + y.lineBase, LastLine(v) + y.lineBase, true
}

func (y *yamlContainer) Append(path []string, v any) error {
	_, list := y.get(path)
	if list == nil {
		return fmt.Errorf("%w: %s is not written", ErrUnsupported, strings.Join(path, "."))
	}
	e, err := y.d.Append(list, v)
	return y.add([]Edit{e}, err)
}

func (y *yamlContainer) MoveEnv(line int, want string, secret func(string) Map) (string, string, error) {
	line -= y.lineBase
	_, env := y.get([]string{"Environment"})
	if env == nil || env.Kind != yaml.SequenceNode {
		return "", "", fmt.Errorf("%w: the environment is not a list written in the file", ErrUnsupported)
	}
	var starts, ends []int
	var names []string
	for _, it := range env.Content {
		starts = append(starts, it.Line)
		ends = append(ends, LastLine(it))
		_, n := Get(it, "Name")
		names = append(names, "")
		if n != nil {
			names[len(names)-1] = n.Value
		}
	}
	idx := pickItem(starts, ends, names, line, want)
	if idx < 0 {
		return "", "", fmt.Errorf("%w: no environment variable written at the finding", ErrUnsupported)
	}
	item := env.Content[idx]
	_, name := Get(item, "Name")
	_, value := Get(item, "Value")
	if name == nil || name.Kind != yaml.ScalarNode || name.Tag != "!!str" || value == nil {
		return "", "", fmt.Errorf("%w: the variable's name is not written as text", ErrUnsupported)
	}
	var removal Edit
	var err error
	if len(env.Content) == 1 {
		removal, err = y.d.RemoveKey(y.c, Spell(y.format, "Environment"))
	} else {
		removal, err = y.d.RemoveItem(env, idx)
	}
	if err != nil {
		return "", "", err
	}
	s := SpellMap(y.format, secret(name.Value))
	if _, list := y.get([]string{"Secrets"}); list == nil {
		err = y.add(y.d.Set(y.c, Spell(y.format, "Secrets"), []any{s}))
	} else {
		e, aerr := y.d.Append(list, s)
		err = y.add([]Edit{e}, aerr)
	}
	if err != nil {
		return "", "", err
	}
	y.edits = append(y.edits, removal)
	return name.Value, value.Value, nil
}

func (y *yamlContainer) Edits() ([]Edit, error) {
	out := make([]Edit, len(y.edits))
	for i, e := range y.edits {
		for _, m := range y.masked {
			if e.Start < m[1] && m[0] < max(e.End, e.Start+1) {
				return nil, fmt.Errorf("%w: the value is interpolated (${...}) in the heredoc: change it where it comes from", ErrUnsupported)
			}
		}
		out[i] = Edit{Start: e.Start + y.base, End: e.End + y.base, Text: e.Text}
	}
	return out, nil
}

// Container opens the container definition of task definition block blk
// that holds line (or, when line is outside them, the one named name, or
// the only one), wherever container_definitions is written: HCL objects in
// jsonencode (followed through locals), or JSON in a heredoc. A list read
// from a file, a variable or a function is refused, saying why.
func (t *TF) Container(blk *hclsyntax.Block, line int, name string) (Container, error) {
	a := blk.Body.Attributes["container_definitions"]
	if a == nil {
		return nil, fmt.Errorf("%w: container_definitions is not written in the resource", ErrUnsupported)
	}
	t.name = name
	return t.containerIn(t.scope(), a.Expr, line, false, 0)
}

// pick chooses among n containers starting on lines starts, named names:
// the last starting on or before line when line is within them, else the
// one named t.name, else the only one; -1 when none fits.
func (t *TF) pick(starts, ends []int, names []string, line int) int {
	return pickItem(starts, ends, names, line, t.name)
}

// pickItem chooses among items starting on lines starts and ending on
// ends, named names: the last starting on or before line when line is
// within them, else the one named name, else the only one; -1 when none
// fits.
func pickItem(starts, ends []int, names []string, line int, name string) int {
	if len(starts) == 0 {
		return -1
	}
	if line >= starts[0] && line <= ends[len(ends)-1] {
		at := -1
		for i, s := range starts {
			if s <= line {
				at = i
			}
		}
		return at
	}
	for i, n := range names {
		if name != "" && n == name {
			return i
		}
	}
	if len(starts) == 1 {
		return 0
	}
	return -1
}

func (t *TF) containerIn(sc tfScope, expr hclsyntax.Expression, line int, encoded bool, depth int) (Container, error) {
	if depth > 8 {
		return nil, fmt.Errorf("%w: the container definitions are too deeply nested", ErrUnsupported)
	}
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "jsonencode" && len(e.Args) == 1 && !encoded:
			return t.containerIn(sc, e.Args[0], line, true, depth+1)
		case e.Name == "file" || e.Name == "templatefile":
			return nil, fmt.Errorf("%w: the container definitions are read from a file (%s): fix that file", ErrUnsupported, oneLine(t.text(e.Range())))
		}
	case *hclsyntax.ScopeTraversalExpr:
		if at, ok := traverseAttr(e.Traversal); ok && e.Traversal.RootName() == "local" {
			{
				a, err := t.local(sc.dir, at)
				if err != nil {
					return nil, err
				}
				return t.containerIn(sc, a.Expr, line, encoded, depth+1)
			}
		}
	case *hclsyntax.TupleConsExpr:
		if encoded {
			return t.objectIn(sc, e, line)
		}
	case *hclsyntax.TemplateExpr:
		if !encoded {
			return t.jsonContainer(e, line)
		}
	}
	return nil, fmt.Errorf("%w: the container definitions are computed (%s): change them where they come from", ErrUnsupported, oneLine(t.text(expr.Range())))
}

// tupleItems returns the first and last lines of a list's items, and the
// name each object item writes ("" for others).
func tupleItems(list *hclsyntax.TupleConsExpr) (starts, ends []int, names []string) {
	for _, x := range list.Exprs {
		starts = append(starts, x.Range().Start.Line)
		ends = append(ends, x.Range().End.Line)
		name := ""
		if o, ok := x.(*hclsyntax.ObjectConsExpr); ok {
			name = literalItem(o, "name")
		}
		names = append(names, name)
	}
	return starts, ends, names
}

// objectIn returns the object of a list of containers that holds line.
func (t *TF) objectIn(sc tfScope, list *hclsyntax.TupleConsExpr, line int) (Container, error) {
	starts, ends, names := tupleItems(list)
	i := t.pick(starts, ends, names, line)
	if i < 0 {
		return nil, fmt.Errorf("%w: the finding's container is not one whose name is written among the %d containers: change it by hand", ErrUnsupported, len(list.Exprs))
	}
	at, ok := list.Exprs[i].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, fmt.Errorf("%w: the container is computed (%s): change it where it comes from", ErrUnsupported, oneLine(t.text(list.Exprs[i].Range())))
	}
	return &hclContainer{t: t, sc: sc, obj: at}, nil
}

// jsonContainer opens the container that holds line in a heredoc of JSON.
// Interpolations are masked by text of their length, so the JSON parses;
// an edit that would touch one is refused.
func (t *TF) jsonContainer(e *hclsyntax.TemplateExpr, line int) (Container, error) {
	r := e.Range()
	f := t.fileOf(r)
	src := f.src[r.Start.Byte:r.End.Byte]
	if !strings.HasPrefix(string(src), "<<") {
		return nil, fmt.Errorf("%w: the container definitions are a quoted string: write them as jsonencode([...]) or a heredoc to have them fixed", ErrUnsupported)
	}
	nl := strings.IndexByte(string(src), '\n')
	endLine := lineStart(f.src, r.End.Byte-1)
	if nl < 0 || r.Start.Byte+nl+1 > endLine {
		return nil, fmt.Errorf("%w: an empty heredoc", ErrUnsupported)
	}
	start := r.Start.Byte + nl + 1
	text := []byte(string(f.src[start:endLine]))
	masked, err := maskInterpolations(text)
	if err != nil {
		return nil, err
	}
	d, err := ParseDoc(text)
	if err != nil || !d.JSON || len(d.Roots) != 1 {
		return nil, fmt.Errorf("%w: the heredoc is not a JSON list of containers", ErrUnsupported)
	}
	lineBase := r.Start.Line
	list := d.Roots[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%w: the heredoc is not a JSON list of containers", ErrUnsupported)
	}
	var starts, ends []int
	var names []string
	for _, it := range list.Content {
		starts = append(starts, it.Line+lineBase)
		ends = append(ends, LastLine(it)+lineBase)
		_, n := Get(it, "name")
		if n != nil {
			names = append(names, n.Value)
		} else {
			names = append(names, "")
		}
	}
	var c *yaml.Node
	if i := t.pick(starts, ends, names, line); i >= 0 {
		c = list.Content[i]
	}
	if c == nil || c.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%w: the finding's container is not one whose name is written among the %d containers of the heredoc: change it by hand", ErrUnsupported, len(list.Content))
	}
	return &heredocContainer{yamlContainer{d: d, c: c, format: model.TaskDefJSON, base: start, lineBase: lineBase, masked: masked}, t, r}, nil
}

// maskInterpolations replaces each ${...} and %{...} of a template (and
// the escapes $${ and %%{) with text of its length that JSON reads: x in a
// string, 1 elsewhere. It returns the ranges replaced.
func maskInterpolations(b []byte) ([][2]int, error) {
	var out [][2]int
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString && c == '\\' {
			i++
			continue
		}
		if c == '"' {
			inString = !inString
			continue
		}
		if (c == '$' || c == '%') && i+1 < len(b) && (b[i+1] == '{' || (b[i+1] == c && i+2 < len(b) && b[i+2] == '{')) {
			j, depth := i+1, 0
			for ; j < len(b); j++ {
				if b[j] == '{' {
					depth++
				} else if b[j] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j == len(b) {
				return nil, fmt.Errorf("%w: an unclosed interpolation in the heredoc", ErrUnsupported)
			}
			fill := byte('1')
			if inString {
				fill = 'x'
			}
			for k := i; k <= j; k++ {
				if b[k] != '\n' {
					b[k] = fill
				}
			}
			out = append(out, [2]int{i, j + 1})
			i = j
		}
	}
	return out, nil
}

// heredocContainer is a yamlContainer whose edits are edits of the
// Terraform file (and so are formatted and checked with the others).
type heredocContainer struct {
	yamlContainer
	t *TF
	r hcl.Range
}

func (h *heredocContainer) Edits() ([]Edit, error) {
	es, err := h.yamlContainer.Edits()
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		h.t.edit(h.r, e.Start, e.End, e.Text)
	}
	h.yamlContainer.edits = nil
	return h.t.Edits()
}

// hclContainer is a container written as an HCL object in jsonencode: its
// keys are the JSON names.
type hclContainer struct {
	t   *TF
	sc  tfScope
	obj *hclsyntax.ObjectConsExpr
}

// keyName is the name an object item's key writes, or "".
func keyName(it hclsyntax.ObjectConsItem) string {
	k := it.KeyExpr
	if w, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(w.Wrapped); name != "" && !w.ForceNonLiteral {
			return name
		}
		k = w.Wrapped
	}
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

func item(o *hclsyntax.ObjectConsExpr, name string) *hclsyntax.ObjectConsItem {
	for i, it := range o.Items {
		if tree.KeyEqual(keyName(it), name) {
			return &o.Items[i]
		}
	}
	return nil
}

// walk follows path to the item holding its last name; parent is the
// object that holds (or would hold) it, rest the names not written.
func (h *hclContainer) walk(path []string) (parent *hclsyntax.ObjectConsExpr, it *hclsyntax.ObjectConsItem, rest []string, err error) {
	parent = h.obj
	for i, name := range path {
		it = item(parent, Spell(model.TaskDefJSON, name))
		if it == nil {
			return parent, nil, path[i:], nil
		}
		if i == len(path)-1 {
			return parent, it, nil, nil
		}
		o, ok := it.ValueExpr.(*hclsyntax.ObjectConsExpr)
		if !ok {
			return nil, nil, nil, fmt.Errorf("%w: %s is computed (%s): change it where its value comes from", ErrUnsupported, name, oneLine(h.t.text(it.ValueExpr.Range())))
		}
		parent = o
	}
	return parent, it, nil, nil
}

func (h *hclContainer) Set(path []string, v any) error {
	parent, it, rest, err := h.walk(path)
	if err != nil {
		return err
	}
	if it != nil {
		return h.t.setExpr(h.sc, it.ValueExpr, v, Spell(model.TaskDefJSON, path[len(path)-1]))
	}
	for i := len(rest) - 1; i > 0; i-- {
		v = Map{{Spell(model.TaskDefJSON, rest[i]), v}}
	}
	return h.insert(parent, hclKey(Spell(model.TaskDefJSON, rest[0]))+" = "+HCLValue(v))
}

// insert adds an item to an object, before its closing brace.
func (h *hclContainer) insert(o *hclsyntax.ObjectConsExpr, text string) error {
	r := o.Range()
	f := h.t.fileOf(r)
	end := r.End.Byte - 1
	if f.src[end] != '}' {
		return fmt.Errorf("%w: the object's closing brace is not where the parser put it", ErrUnsupported)
	}
	ls := lineStart(f.src, end)
	before := strings.TrimRight(string(f.src[r.Start.Byte:end]), " \t")
	switch {
	case strings.TrimSpace(string(f.src[ls:end])) == "":
		h.t.edit(r, ls, ls, text+"\n")
	case lineStart(f.src, r.Start.Byte) == ls:
		at := r.Start.Byte + len(before)
		sep := ", "
		if strings.HasSuffix(before, ",") || strings.HasSuffix(before, "{") {
			sep = " "
		}
		h.t.edit(r, at, at, sep+text)
	default:
		h.t.edit(r, end, end, "\n"+text+"\n")
	}
	return nil
}

func (h *hclContainer) Lines(path ...string) (int, int, bool) {
	_, it, rest, err := h.walk(path)
	if err != nil || it == nil || len(rest) > 0 {
		return 0, 0, false
	}
	return it.KeyExpr.Range().Start.Line, it.ValueExpr.Range().End.Line, true
}

func (h *hclContainer) Append(path []string, v any) error {
	_, it, _, err := h.walk(path)
	if err != nil {
		return err
	}
	if it == nil {
		return fmt.Errorf("%w: %s is not written", ErrUnsupported, strings.Join(path, "."))
	}
	list, ok := it.ValueExpr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return fmt.Errorf("%w: %s is computed (%s): change it where its value comes from", ErrUnsupported, path[len(path)-1], oneLine(h.t.text(it.ValueExpr.Range())))
	}
	h.appendTo(list, HCLValue(v))
	return nil
}

// appendTo adds an item at the end of a list.
func (h *hclContainer) appendTo(list *hclsyntax.TupleConsExpr, text string) {
	r := list.Range()
	f := h.t.fileOf(r)
	end := r.End.Byte - 1
	before := strings.TrimRight(string(f.src[r.Start.Byte:end]), " \t\r\n")
	at := r.Start.Byte + len(before)
	sep := ""
	if len(list.Exprs) > 0 && !strings.HasSuffix(before, ",") {
		sep = ","
	}
	if lineStart(f.src, r.Start.Byte) == lineStart(f.src, end) {
		if sep != "" {
			sep += " "
		}
		h.t.edit(r, at, at, sep+text)
		return
	}
	h.t.edit(r, at, at, sep+"\n"+text+",")
}

func (h *hclContainer) MoveEnv(line int, want string, secret func(string) Map) (string, string, error) {
	_, it, _, err := h.walk([]string{"Environment"})
	if err != nil {
		return "", "", err
	}
	if it == nil {
		return "", "", fmt.Errorf("%w: the environment is not written in the container", ErrUnsupported)
	}
	env, ok := it.ValueExpr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return "", "", fmt.Errorf("%w: the environment is computed (%s): change it where it comes from", ErrUnsupported, oneLine(h.t.text(it.ValueExpr.Range())))
	}
	starts, ends, names := tupleItems(env)
	idx := pickItem(starts, ends, names, line, want)
	if idx < 0 {
		return "", "", fmt.Errorf("%w: no environment variable written at the finding", ErrUnsupported)
	}
	o, ok := env.Exprs[idx].(*hclsyntax.ObjectConsExpr)
	if !ok {
		return "", "", fmt.Errorf("%w: the environment variable is not written as an object", ErrUnsupported)
	}
	name, value := literalItem(o, "name"), literalItem(o, "value")
	if name == "" || value == "" {
		return "", "", fmt.Errorf("%w: the variable's name and value are not written as text", ErrUnsupported)
	}
	// Remove the item: from its start to the next one's, or from the end
	// of the one before.
	r := env.Range()
	switch {
	case len(env.Exprs) == 1:
		h.t.edit(r, r.Start.Byte, r.End.Byte, "[]")
	case wholeLines(h.t.fileOf(r).src, env.Exprs[idx].Range()):
		src := h.t.fileOf(r).src
		x := env.Exprs[idx].Range()
		h.t.edit(r, lineStart(src, x.Start.Byte), lineEndAfterComma(src, x.End.Byte), "")
	case idx+1 < len(env.Exprs):
		h.t.edit(r, env.Exprs[idx].Range().Start.Byte, env.Exprs[idx+1].Range().Start.Byte, "")
	default:
		h.t.edit(r, env.Exprs[idx-1].Range().End.Byte, env.Exprs[idx].Range().End.Byte, "")
	}
	s := SpellMap(model.TaskDefJSON, secret(name))
	_, sit, _, err := h.walk([]string{"Secrets"})
	if err != nil {
		return "", "", err
	}
	if sit == nil {
		err = h.insert(h.obj, "secrets = ["+HCLValue(s)+"]")
	} else if list, ok := sit.ValueExpr.(*hclsyntax.TupleConsExpr); ok {
		h.appendTo(list, HCLValue(s))
	} else {
		err = fmt.Errorf("%w: the secrets are computed (%s): change them where they come from", ErrUnsupported, oneLine(h.t.text(sit.ValueExpr.Range())))
	}
	return name, value, err
}

// wholeLines reports whether a range starts its line and ends it (but for
// a comma).
func wholeLines(src []byte, r hcl.Range) bool {
	if strings.TrimSpace(string(src[lineStart(src, r.Start.Byte):r.Start.Byte])) != "" {
		return false
	}
	end := lineEndAfterComma(src, r.End.Byte)
	return end > 0 && (end == len(src) || src[end-1] == '\n')
}

// lineEndAfterComma is the offset after the newline that follows off and
// an optional comma, or -1 when something else follows on the line.
func lineEndAfterComma(src []byte, off int) int {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < len(src) && src[i] == ',' {
		i++
	}
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r') {
		i++
	}
	if i == len(src) {
		return i
	}
	if src[i] == '\n' {
		return i + 1
	}
	return -1
}

// literalItem is the literal string an object item holds, or "".
func literalItem(o *hclsyntax.ObjectConsExpr, key string) string {
	it := item(o, key)
	if it == nil || !isLiteral(it.ValueExpr) {
		return ""
	}
	v, diags := it.ValueExpr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

func (h *hclContainer) Edits() ([]Edit, error) { return h.t.Edits() }

// ContainerWritten opens the container object written around line of the
// finding's own file, for a finding placed where a module's caller wrote
// the container (its value reaches the module's task definition through
// the module's arguments): the innermost object literal around line that
// writes an image. Values are edited in that object, where the caller
// wrote them.
func (t *TF) ContainerWritten(line int) (Container, error) {
	f := t.files[t.path]
	if f == nil {
		return nil, fmt.Errorf("%w: %s is not open", ErrUnsupported, t.path)
	}
	var found *hclsyntax.ObjectConsExpr
	hclsyntax.VisitAll(f.body, func(n hclsyntax.Node) hcl.Diagnostics {
		o, ok := n.(*hclsyntax.ObjectConsExpr)
		if !ok {
			return nil
		}
		r := o.Range()
		if line < r.Start.Line || line > r.End.Line || item(o, "image") == nil {
			return nil
		}
		if found == nil || (r.Start.Byte >= found.Range().Start.Byte && r.End.Byte <= found.Range().End.Byte) {
			found = o
		}
		return nil
	})
	if found == nil {
		return nil, fmt.Errorf("%w: no container object (one that writes an image) is written at line %d", ErrUnsupported, line)
	}
	return &callerContainer{hclContainer{t: t, sc: tfScope{dir: filepath.Dir(t.path)}, obj: found}}, nil
}

// callerContainer is a container object a module's caller wrote. What it
// writes is edited in place; a setting it lacks is added only when every
// key it writes is spelled as in a container definition, for a key of the
// module's own (readonly_root) means the module maps the object, and where
// the setting goes is the module's choice.
type callerContainer struct{ hclContainer }

// ownKey is the first key the object writes that is not spelled as a
// container definition's (camelCase, no underscore; a computed key), or "".
func (c *callerContainer) ownKey() string {
	for _, it := range c.obj.Items {
		if k := keyName(it); k == "" || strings.Contains(k, "_") {
			return oneLine(c.t.text(it.KeyExpr.Range()))
		}
	}
	return ""
}

// canAdd refuses to add path when the object does not write it and has a
// key of its module's own.
func (c *callerContainer) canAdd(path []string) error {
	_, it, _, err := c.walk(path)
	if err != nil || it != nil {
		return err
	}
	if k := c.ownKey(); k != "" {
		return fmt.Errorf("%w: the container object written here has a key of its module's own (%s), so where %s goes is the module's choice: add it by hand", ErrUnsupported, k, Spell(model.TaskDefJSON, path[0]))
	}
	return nil
}

func (c *callerContainer) Set(path []string, v any) error {
	if err := c.canAdd(path); err != nil {
		return err
	}
	return c.hclContainer.Set(path, v)
}

func (c *callerContainer) Append(path []string, v any) error {
	if err := c.canAdd(path); err != nil {
		return err
	}
	return c.hclContainer.Append(path, v)
}

func (c *callerContainer) MoveEnv(line int, name string, secret func(name string) Map) (string, string, error) {
	if err := c.canAdd([]string{"Secrets"}); err != nil {
		return "", "", err
	}
	return c.hclContainer.MoveEnv(line, name, secret)
}
