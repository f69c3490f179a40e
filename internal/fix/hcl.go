package fix

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// TF is one fix of a Terraform file: the finding's file and the files the
// fix changes on its behalf (the variables.tf holding a variable's
// default, the module call giving an argument, a terraform.tfvars),
// parsed with hclsyntax for positions. Editors record byte edits; Edits
// returns them per file, the changed lines formatted as terraform fmt
// (hclwrite.Format) writes them.
//
// A value is replaced where it is written when it is a literal; a value
// read from a variable (var.x) is changed where the variable gets its
// value (the module call's argument, a .tfvars file of the root module, or
// the variable's default), and one read from a local (local.x) in the
// local's definition. Any other expression is left alone, and the fix says
// so.
type TF struct {
	path  string
	read  func(string) ([]byte, error)
	files map[string]*tfFile
	mod   []string // the module calls the finding's resource is under
	name  string   // the container a finding names
	// resDir is the directory of the resource's module when it is not the
	// finding's file's.
	resDir string
}

type tfFile struct {
	src  []byte
	body *hclsyntax.Body
	raw  []Edit
}

// tfScope is where an expression is evaluated: the module's directory and
// its calls from the root.
type tfScope struct {
	dir string
	mod []string
}

// TF opens the file for a Terraform fix. Each call starts a new set of
// edits.
func (f *File) TF() (*TF, error) {
	if strings.HasSuffix(f.Path, ".json") {
		return nil, fmt.Errorf("%w: Terraform JSON files are not edited", ErrUnsupported)
	}
	t := &TF{path: f.Path, read: f.Read, files: map[string]*tfFile{}}
	if t.read == nil {
		t.read = os.ReadFile
	}
	if _, err := t.parsed(f.Path, f.Data); err != nil {
		return nil, err
	}
	return t, nil
}

// parsed returns the file at path, parsed once; data is its text when
// known.
func (t *TF) parsed(path string, data []byte) (*tfFile, error) {
	if f := t.files[path]; f != nil {
		return f, nil
	}
	if data == nil {
		var err error
		if data, err = t.read(path); err != nil {
			return nil, err
		}
	}
	file, diags := hclsyntax.ParseConfig(data, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%w: %s does not parse: %v", ErrUnsupported, path, diags)
	}
	f := &tfFile{src: data, body: file.Body.(*hclsyntax.Body)}
	t.files[path] = f
	return f, nil
}

// fileOf is the parsed file a range is in.
func (t *TF) fileOf(r hcl.Range) *tfFile { return t.files[r.Filename] }

// text is the source text of a range.
func (t *TF) text(r hcl.Range) string {
	f := t.fileOf(r)
	if f == nil || r.End.Byte > len(f.src) {
		return ""
	}
	return string(f.src[r.Start.Byte:r.End.Byte])
}

func (t *TF) edit(r hcl.Range, start, end int, text string) {
	f := t.fileOf(r)
	if bytes.Contains(f.src, []byte("\r\n")) {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	f.raw = MergeInserts(append(f.raw, Edit{Start: start, End: end, Text: text}))
}

// Resource returns the block of the resource a finding names
// ("module.app.aws_ecs_service.web[0]"), written in the finding's file.
func (t *TF) Resource(addr string) (*hclsyntax.Block, error) {
	var segs []string
	depth, quoted, cur := 0, false, ""
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case quoted:
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = false
			}
		case c == '"' && depth > 0:
			quoted = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth > 0:
		case c == '.':
			segs = append(segs, cur)
			cur = ""
		default:
			cur += string(c)
		}
	}
	segs = append(segs, cur)
	t.mod = nil
	for len(segs) >= 2 && segs[0] == "module" {
		t.mod = append(t.mod, segs[1])
		segs = segs[2:]
	}
	if len(segs) != 2 {
		return nil, fmt.Errorf("%w: %s is not a resource address", ErrUnsupported, addr)
	}
	find := func(b *hclsyntax.Block) bool {
		return b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == segs[0] && b.Labels[1] == segs[1]
	}
	for _, b := range t.files[t.path].body.Blocks {
		if find(b) {
			return b, nil
		}
	}
	// A finding in a module whose value its caller wrote is reported at
	// the caller's line: follow the module calls from the finding's
	// module down to the resource's.
	for k := len(t.mod) - 1; k >= 0; k-- {
		dir, ok := t.followCalls(filepath.Dir(t.path), t.mod[k:])
		if !ok {
			continue
		}
		var found *hclsyntax.Block
		if err := t.eachBlock(dir, func(b *hclsyntax.Block) bool {
			if find(b) {
				found = b
			}
			return found != nil
		}); err == nil && found != nil {
			t.resDir = dir
			return found, nil
		}
	}
	return nil, fmt.Errorf("%w: resource %s.%s is not written in %s", ErrUnsupported, segs[0], segs[1], t.path)
}

// followCalls follows the local module calls names from dir and returns
// the directory of the last module called.
func (t *TF) followCalls(dir string, names []string) (string, bool) {
	for _, name := range names {
		call, err := t.declared(dir, "module", name)
		if err != nil || call == nil {
			return "", false
		}
		src := Attr(call.Body, "source")
		if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
			return "", false
		}
		dir = filepath.Join(dir, src)
	}
	return dir, true
}

func (t *TF) scope() tfScope {
	if t.resDir != "" {
		return tfScope{dir: t.resDir, mod: t.mod}
	}
	return tfScope{dir: filepath.Dir(t.path), mod: t.mod}
}

// Blocks returns the nested blocks of a type in body; it refuses a block
// generated by a dynamic block, whose settings are computed.
func (t *TF) Blocks(body *hclsyntax.Body, typ string) ([]*hclsyntax.Block, error) {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ {
			out = append(out, b)
		}
		if b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == typ {
			return nil, fmt.Errorf("%w: the %s blocks are generated by a dynamic block: change its content by hand", ErrUnsupported, typ)
		}
	}
	return out, nil
}

// BlockAt returns the block of a type in body that holds line (the last
// starting on or before it), or the first.
func BlockAt(blocks []*hclsyntax.Block, line int) *hclsyntax.Block {
	if len(blocks) == 0 {
		return nil
	}
	at := blocks[0]
	for _, b := range blocks {
		if b.TypeRange.Start.Line <= line {
			at = b
		}
	}
	return at
}

// Set sets the attribute at the end of path in body, the names before it
// being nested blocks (the first of each type); blocks and the attribute
// that are missing are added at the end of their parent.
func (t *TF) Set(body *hclsyntax.Body, path []string, v any) error {
	for i, name := range path[:len(path)-1] {
		bs, err := t.Blocks(body, name)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return t.insertBody(body, renderTFBlocks(path[i:], v))
		}
		body = bs[0].Body
	}
	name := path[len(path)-1]
	if a := body.Attributes[name]; a != nil {
		return t.setExpr(t.scope(), a.Expr, v, name)
	}
	return t.insertBody(body, name+" = "+HCLValue(v)+"\n")
}

// Attr returns the literal string an attribute holds, or "".
func Attr(body *hclsyntax.Body, name string) string {
	a := body.Attributes[name]
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// AddBlock adds a block (rendered from path and v as Set does) at the end
// of body.
func (t *TF) AddBlock(body *hclsyntax.Body, path []string, v any) error {
	return t.insertBody(body, renderTFBlocks(path, v))
}

// renderTFBlocks renders nested blocks path[:len-1] holding the attribute
// path[len-1] = v.
func renderTFBlocks(path []string, v any) string {
	if len(path) == 1 {
		if m, ok := v.(Map); ok && len(m) > 0 {
			// A block given as a Map: its attributes.
			var b strings.Builder
			b.WriteString(path[0] + " {\n")
			for _, kv := range m {
				b.WriteString(kv.K + " = " + HCLValue(kv.V) + "\n")
			}
			return b.String() + "}\n"
		}
		return path[0] + " = " + HCLValue(v) + "\n"
	}
	return path[0] + " {\n" + renderTFBlocks(path[1:], v) + "}\n"
}

// insertBody inserts text (whole lines) before the closing brace of a
// block body.
func (t *TF) insertBody(body *hclsyntax.Body, text string) error {
	f := t.fileOf(body.SrcRange)
	end := body.SrcRange.End.Byte - 1
	if f == nil || end < 0 || end >= len(f.src) || f.src[end] != '}' {
		return fmt.Errorf("%w: the block's closing brace is not where the parser put it", ErrUnsupported)
	}
	open := body.SrcRange.Start.Byte
	ls := lineStart(f.src, end)
	switch {
	case strings.TrimSpace(string(f.src[ls:end])) == "":
		t.edit(body.SrcRange, ls, ls, text)
	case lineStart(f.src, open) == ls:
		// A one-line block: spread it over lines.
		inner := strings.TrimSpace(string(f.src[open+1 : end]))
		if inner != "" {
			inner += "\n"
		}
		t.edit(body.SrcRange, open+1, end, "\n"+inner+text)
	default:
		t.edit(body.SrcRange, end, end, "\n"+text)
	}
	return nil
}

func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// setExpr changes the value of expr to v: in place when it is a literal,
// where the variable or local it reads gets its value, or not at all.
func (t *TF) setExpr(sc tfScope, expr hclsyntax.Expression, v any, what string) error {
	switch e := expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return t.setExpr(sc, e.Wrapped, v, what)
	case *hclsyntax.ScopeTraversalExpr:
		if name, ok := traverseAttr(e.Traversal); ok {
			switch e.Traversal.RootName() {
			case "var":
				return t.setVar(sc, name, v)
			case "local":
				return t.setLocal(sc, name, v)
			}
		}
	}
	if isLiteral(expr) {
		r := expr.Range()
		t.edit(r, r.Start.Byte, r.End.Byte, HCLValue(v))
		return nil
	}
	return fmt.Errorf("%w: %s is computed (%s): change it where its value comes from", ErrUnsupported, what, oneLine(t.text(expr.Range())))
}

// traverseAttr returns x of a traversal root.x.
func traverseAttr(tr hcl.Traversal) (string, bool) {
	if len(tr) != 2 {
		return "", false
	}
	a, ok := tr[1].(hcl.TraverseAttr)
	return a.Name, ok
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// isLiteral reports whether expr is written as a constant.
func isLiteral(expr hclsyntax.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if _, ok := p.(*hclsyntax.LiteralValueExpr); !ok {
				return false
			}
		}
		return true
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !isLiteral(x) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, it := range e.Items {
			if !isLiteral(it.ValueExpr) {
				return false
			}
		}
		return true
	}
	return false
}

// setVar changes variable name of the module in sc where it gets its
// value: the module call's argument, else (root module) the last
// auto-loaded .tfvars file that sets it, else its default.
func (t *TF) setVar(sc tfScope, name string, v any) error {
	if len(sc.mod) > 0 {
		calls, err := t.moduleCalls(sc.dir, sc.mod[len(sc.mod)-1])
		if err != nil {
			return err
		}
		// Every call that sets the argument is changed (each root module
		// that uses the module reported it); when one does not set it, the
		// default is changed too.
		byDefault := false
		for _, c := range calls {
			a := c.block.Body.Attributes[name]
			if a == nil {
				byDefault = true
				continue
			}
			if err := t.setExpr(tfScope{dir: c.dir, mod: sc.mod[:len(sc.mod)-1]}, a.Expr, v, fmt.Sprintf("argument %s of module %s", name, c.block.Labels[0])); err != nil {
				return err
			}
		}
		if !byDefault {
			return nil
		}
	} else {
		for _, p := range t.tfvarsFiles(sc.dir) {
			if strings.HasSuffix(p, ".json") {
				if data, err := t.read(p); err == nil && bytes.Contains(data, []byte(strconv.Quote(name))) {
					return fmt.Errorf("%w: variable %s may be set in %s (JSON is not edited): set it there", ErrUnsupported, name, p)
				}
				continue
			}
			f, err := t.parsed(p, nil)
			if err != nil {
				return err
			}
			if a := f.body.Attributes[name]; a != nil {
				return t.setExpr(sc, a.Expr, v, fmt.Sprintf("variable %s in %s", name, p))
			}
		}
	}
	blk, err := t.declared(sc.dir, "variable", name)
	if err != nil {
		return err
	}
	if blk == nil {
		return fmt.Errorf("%w: variable %s is not declared in %s", ErrUnsupported, name, sc.dir)
	}
	if d := blk.Body.Attributes["default"]; d != nil {
		return t.setExpr(sc, d.Expr, v, fmt.Sprintf("the default of variable %s", name))
	}
	return fmt.Errorf("%w: variable %s has no default: its value is given when Terraform runs (-var, TF_VAR_%s or a .tfvars file): set it there", ErrUnsupported, name, name)
}

// setLocal changes the definition of local name.
func (t *TF) setLocal(sc tfScope, name string, v any) error {
	a, err := t.local(sc.dir, name)
	if err != nil {
		return err
	}
	return t.setExpr(sc, a.Expr, v, "local."+name)
}

func (t *TF) local(dir, name string) (*hclsyntax.Attribute, error) {
	var a *hclsyntax.Attribute
	err := t.eachBlock(dir, func(b *hclsyntax.Block) bool {
		if b.Type == "locals" {
			a = b.Body.Attributes[name]
		}
		return a != nil
	})
	if err == nil && a == nil {
		err = fmt.Errorf("%w: local %s is not defined in %s", ErrUnsupported, name, dir)
	}
	return a, err
}

// declared returns the block typ "name" of the module in dir, or nil.
func (t *TF) declared(dir, typ, name string) (*hclsyntax.Block, error) {
	var found *hclsyntax.Block
	err := t.eachBlock(dir, func(b *hclsyntax.Block) bool {
		if b.Type == typ && len(b.Labels) == 1 && b.Labels[0] == name {
			found = b
		}
		return found != nil
	})
	return found, err
}

// eachBlock calls fn with the top-level blocks of the module in dir until
// it returns true.
func (t *TF) eachBlock(dir string, fn func(*hclsyntax.Block) bool) error {
	files, err := t.moduleFiles(dir)
	if err != nil {
		return err
	}
	for _, p := range files {
		f, err := t.parsed(p, nil)
		if err != nil {
			return err
		}
		for _, b := range f.body.Blocks {
			if fn(b) {
				return nil
			}
		}
	}
	return nil
}

// moduleFiles lists the .tf files of the module in dir, the finding's own
// first.
func (t *TF) moduleFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot list %s: %v", ErrUnsupported, dir, err)
	}
	var out []string
	if filepath.Dir(t.path) == dir {
		out = append(out, t.path)
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if dir == "." {
			p = e.Name()
		}
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".tf") && !strings.HasSuffix(e.Name(), "_override.tf") && e.Name() != "override.tf" && p != t.path {
			out = append(out, p)
		}
	}
	return out, nil
}

// tfvarsFiles lists the variable files Terraform loads by itself in the
// root module dir, in the order it reads them.
func (t *TF) tfvarsFiles(dir string) []string {
	ents, _ := os.ReadDir(dir)
	var auto []string
	var out []string
	for _, e := range ents {
		n := e.Name()
		p := filepath.Join(dir, n)
		if dir == "." {
			p = n
		}
		switch {
		case e.IsDir():
		case n == "terraform.tfvars" || n == "terraform.tfvars.json":
			out = append(out, p)
		case strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json"):
			auto = append(auto, p)
		}
	}
	sort.Strings(out)
	sort.Strings(auto)
	all := append(out, auto...)
	// The last file setting a variable wins.
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// moduleCall is a module block and the directory of the file it is in.
type moduleCall struct {
	block *hclsyntax.Block
	dir   string
}

// moduleCalls finds the module blocks named name whose local source is
// dir: in dir's parent directories, else anywhere under the current
// directory (an example calling the module from below it).
func (t *TF) moduleCalls(dir, name string) ([]moduleCall, error) {
	want, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var calls []moduleCall
	seen := map[string]bool{}
	look := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		f, err := t.parsed(p, nil)
		if err != nil {
			return
		}
		caller := filepath.Dir(p)
		for _, b := range f.body.Blocks {
			if b.Type != "module" || len(b.Labels) != 1 || b.Labels[0] != name {
				continue
			}
			src := Attr(b.Body, "source")
			if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
				continue
			}
			if got, err := filepath.Abs(filepath.Join(caller, src)); err == nil && got == want {
				calls = append(calls, moduleCall{b, caller})
			}
		}
	}
	caller := dir
	for range 12 {
		up := filepath.Dir(caller)
		if filepath.Base(caller) == "." || caller == "" || caller == ".." || strings.HasSuffix(caller, "/..") {
			up = filepath.Join(caller, "..")
		}
		if up == caller {
			break
		}
		caller = up
		files, err := t.moduleFiles(caller)
		if err != nil {
			break
		}
		for _, p := range files {
			look(p)
		}
		if len(calls) > 0 {
			return calls, nil
		}
	}
	if !filepath.IsAbs(dir) {
		for _, p := range tfTree() {
			look(p)
		}
	}
	if len(calls) == 0 {
		return nil, fmt.Errorf("%w: the call of module %s (source %s) was not found", ErrUnsupported, name, dir)
	}
	return calls, nil
}

// tfTrees caches tfTree by working directory.
var tfTrees sync.Map

// tfTree lists the .tf files under the current directory (a few thousand
// at most, .git, .terraform and node_modules left out), once per process
// and directory.
func tfTree() []string {
	wd, _ := os.Getwd()
	if v, ok := tfTrees.Load(wd); ok {
		return v.([]string)
	}
	var out []string
	filepath.WalkDir(".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || len(out) >= 5000 {
			return filepath.SkipDir
		}
		if e.IsDir() {
			switch e.Name() {
			case ".git", ".terraform", "node_modules", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".tf") && e.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	tfTrees.Store(wd, out)
	return out
}

// Edits returns the edits made, one per changed file, each changed line
// formatted as terraform fmt writes it (the whole file when it was
// formatted so before, so that it stays so). Edits of other files than the
// finding's name their file.
func (t *TF) Edits() ([]Edit, error) {
	var out []Edit
	for _, p := range slices.Sorted(maps.Keys(t.files)) {
		f := t.files[p]
		if len(f.raw) == 0 {
			continue
		}
		edited, conflicts, err := Apply(f.src, f.raw)
		if err != nil || len(conflicts) > 0 {
			return nil, fmt.Errorf("%w: the edits overlap", ErrUnsupported)
		}
		edited = FormatChanged(f.src, edited)
		if _, diags := hclsyntax.ParseConfig(edited, p, hcl.InitialPos); diags.HasErrors() {
			return nil, fmt.Errorf("%w: the change would not parse (%v); please report", ErrUnsupported, diags)
		}
		for _, e := range LineEdits(f.src, edited) {
			if p != t.path {
				e.File = p
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// FormatChanged formats the lines of edited that are not in orig with
// hclwrite.Format, leaving every other line as it was; a file that was
// formatted before is formatted whole (the alignment of the attributes
// around an added one changes with it).
func FormatChanged(orig, edited []byte) []byte {
	formatted := hclwrite.Format(edited)
	if bytes.Equal(hclwrite.Format(orig), orig) {
		return formatted
	}
	el, fl := splitLines(string(edited)), splitLines(string(formatted))
	if len(el) != len(fl) {
		return edited
	}
	ol := splitLines(string(orig))
	pre := 0
	for pre < len(ol) && pre < len(el) && ol[pre] == el[pre] {
		pre++
	}
	suf := 0
	for suf < len(ol)-pre && suf < len(el)-pre && ol[len(ol)-1-suf] == el[len(el)-1-suf] {
		suf++
	}
	var b strings.Builder
	for _, l := range el[:pre] {
		b.WriteString(l)
	}
	i := pre
	for _, op := range lcsOps(ol[pre:len(ol)-suf], el[pre:len(el)-suf]) {
		switch op {
		case ' ':
			b.WriteString(el[i])
			i++
		case '+':
			b.WriteString(fl[i])
			i++
		}
	}
	for _, l := range el[len(el)-suf:] {
		b.WriteString(l)
	}
	return []byte(b.String())
}

// HCLValue renders a value as an HCL expression: strings quoted (with
// ${ and %{ escaped), lists in brackets, a Map as an object.
func HCLValue(v any) string {
	switch v := v.(type) {
	case string:
		return string(hclwrite.TokensForValue(cty.StringVal(v)).Bytes())
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = HCLValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case Map:
		var b strings.Builder
		b.WriteString("{\n")
		for _, kv := range v {
			b.WriteString(hclKey(kv.K) + " = " + HCLValue(kv.V) + "\n")
		}
		return b.String() + "}"
	}
	panic(fmt.Sprintf("fix: no HCL for %T", v))
}

// hclKey writes an object key: bare when it is an identifier.
func hclKey(k string) string {
	if hclsyntax.ValidIdentifier(k) {
		return k
	}
	return strconv.Quote(k)
}
