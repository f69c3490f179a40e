// Package terraform adapts Terraform modules (*.tf and *.tf.json, one
// directory at a time) and plan JSON (terraform show -json) into the model.
//
// Expressions are evaluated with hashicorp/hcl/v2 and go-cty: variables take
// their defaults, tfvars files and -var overrides; locals, literal data
// sources (aws_iam_policy_document) and local modules are followed; count,
// for_each and dynamic blocks are expanded when their collections are known.
// A reference to a resource attribute (aws_kms_key.x.arn) becomes an unknown
// value that names its target, so that rules can follow it. Anything that is
// only known at apply time stays unknown and is never reported as insecure.
package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/safefs"
)

// MaxModuleDepth bounds how deep local module calls are followed.
const MaxModuleDepth = 8

// maxModuleInstances bounds the module instances one root module evaluates.
const maxModuleInstances = 500

// Options tune the evaluation of a root module.
type Options struct {
	// Vars are -var overrides (NAME=VALUE already split).
	Vars map[string]string
	// VarFiles are -var-file paths, applied in order after the module's own
	// terraform.tfvars and *.auto.tfvars.
	VarFiles []string
	// FS reads files for file(), tfvars and local modules (default: the OS).
	FS FS
	// Display turns a path on disk into the path shown in reports (default:
	// forward slashes).
	Display func(path string) string
	// Cache, when set, shares parsed files between the modules of a scan.
	Cache *ParseCache
	// Only, when set, names the files (display paths) whose findings are
	// reported: files named alone, evaluated with the rest of their module.
	Only []string
}

// ParseCache holds parsed files for the length of one scan, so that a
// local module called from several root modules is parsed once. A file
// whose uses were announced (Expect) is dropped after its last use, so that
// a scan does not keep every syntax tree to its end. It is safe for
// concurrent use.
type ParseCache struct {
	files sync.Map
	mu    sync.Mutex
	uses  map[string]int // uses left
	// shared are the files announced for more than one root module:
	// what is computed from them is kept for the others (held).
	shared map[string]bool
}

// Expect announces how many root modules will read the file at path (a
// display path), whose text the scan read as data: the root module it
// belongs to, and those that call it as a local module. A module that
// reads the file finds its text here rather than reading it again; after
// that many evaluations the file is dropped.
func (c *ParseCache) Expect(path string, data []byte, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.uses == nil {
		c.uses = map[string]int{}
	}
	c.uses[path] = n
	if n >= 2 {
		if c.shared == nil {
			c.shared = map[string]bool{}
		}
		c.shared[path] = true
	}
	if data != nil {
		c.files.LoadOrStore(path, &cachedParse{data: data})
	}
}

// release notes that a root module's evaluation is done with paths.
func (c *ParseCache) release(paths map[string]bool) {
	if c == nil || len(paths) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range paths {
		n, ok := c.uses[p]
		if !ok {
			continue
		}
		if n <= 1 {
			delete(c.uses, p)
			delete(c.shared, p)
			c.files.Delete(p)
			continue
		}
		c.uses[p] = n - 1
	}
}

// data is the text of the file at path when the cache holds it: a module
// that several root modules call is read once.
func (c *ParseCache) data(path string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	if v, ok := c.files.Load(path); ok {
		return v.(*cachedParse).data, true
	}
	return nil, false
}

type cachedParse struct {
	data []byte
	// notes are the file's comment lines (see ParseCache.comments).
	notesOnce sync.Once
	notes     []adapt.Comment
	// decls is what the file declares (see ParseCache.declsOf).
	declsOnce sync.Once
	decls     *fileDecls
	// parsed is false for a file whose text is known (Expect) but that
	// is not parsed yet.
	parsed bool
	file   *hcl.File
	diags  hcl.Diagnostics
	infos  sync.Map // hclsyntax.Node -> *exprInfo
	// defaults are the values of the variable defaults written in the
	// file, converted to their types (see ParseCache.defaultOf).
	defaults sync.Map // defaultKey -> cty.Value
	// types are the type constraints of the variables declared in the
	// file (see ParseCache.typeOf).
	types sync.Map // hcl.Expression -> *typeConstraint
}

// defaultKey names a variable's default and type constraint (an override
// file may give a variable another type).
type defaultKey struct{ dflt, typ hcl.Expression }

// held is the cache's entry for a file it holds parsed for more than one
// root module (Expect), nil otherwise: what is computed from a file only
// one root module reads is kept by that root module's adapter alone. The
// last of the root modules still finds what the others computed.
func (c *ParseCache) held(path string) *cachedParse {
	if c == nil {
		return nil
	}
	v, ok := c.files.Load(path)
	if !ok || !v.(*cachedParse).parsed {
		return nil
	}
	c.mu.Lock()
	shared := c.shared[path]
	c.mu.Unlock()
	if !shared {
		return nil
	}
	return v.(*cachedParse)
}

// defaultOf is the value of a variable's default, converted to its type,
// evaluated once for all the root modules that read the file it is
// written in while the cache holds it. The variable has a default.
func (c *ParseCache) defaultOf(v *variableDecl) cty.Value {
	p := c.held(v.dflt.Range().Filename)
	if p == nil {
		return evalDefault(c, v)
	}
	key := defaultKey{v.dflt, v.typ}
	if d, ok := p.defaults.Load(key); ok {
		return d.(cty.Value)
	}
	d, _ := p.defaults.LoadOrStore(key, evalDefault(c, v))
	return d.(cty.Value)
}

// typeOf is the type constraint a variable's type expression says, read
// once for all the root modules that read the file it is written in while
// the cache holds it (a module called from many root modules has its
// variables' types read once, not once per root module).
func (c *ParseCache) typeOf(typ hcl.Expression) *typeConstraint {
	p := c.held(typ.Range().Filename)
	if p == nil {
		return readType(typ)
	}
	if t, ok := p.types.Load(typ); ok {
		return t.(*typeConstraint)
	}
	t, _ := p.types.LoadOrStore(typ, readType(typ))
	return t.(*typeConstraint)
}

// infoOf is the exprInfo of an expression of a file the cache holds,
// computed by compute once for all the root modules that evaluate it.
func (c *ParseCache) infoOf(n hclsyntax.Node, compute func() *exprInfo) *exprInfo {
	p := c.held(n.Range().Filename)
	if p == nil {
		return compute()
	}
	if i, ok := p.infos.Load(n); ok {
		return i.(*exprInfo)
	}
	i, _ := p.infos.LoadOrStore(n, compute())
	return i.(*exprInfo)
}

// parse parses data as HCL or HCL JSON, once per path and content.
func (c *ParseCache) parse(path string, data []byte, isJSON bool) (*hcl.File, hcl.Diagnostics) {
	if c != nil {
		if v, ok := c.files.Load(path); ok {
			if p := v.(*cachedParse); p.parsed && bytes.Equal(p.data, data) {
				return p.file, p.diags
			}
		}
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		file, diags = hcljson.Parse(data, path)
	} else {
		file, diags = hclsyntax.ParseConfig(data, path, hcl.InitialPos)
		if file != nil {
			if body, ok := file.Body.(*hclsyntax.Body); ok {
				lenient(body, knownFunctions)
			}
		}
	}
	if c != nil {
		c.files.Store(path, &cachedParse{data: data, parsed: true, file: file, diags: diags})
	}
	return file, diags
}

// comments are the comment lines of a file (see comments), found once for
// all the root modules that read it while the cache holds it. The slice is
// shared: callers copy it, as append does.
func (c *ParseCache) comments(path string, data []byte) []adapt.Comment {
	if c == nil {
		return comments(path, data)
	}
	v, ok := c.files.Load(path)
	if !ok {
		return comments(path, data)
	}
	p := v.(*cachedParse)
	if !bytes.Equal(p.data, data) {
		return comments(path, data)
	}
	p.notesOnce.Do(func() { p.notes = comments(path, data) })
	return p.notes
}

// FS is what the adapter reads from besides the files it is given.
type FS interface {
	ReadFile(name string) ([]byte, error)
	ReadDir(name string) ([]fs.DirEntry, error)
}

type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error)       { return safefs.ReadFile(name, maxReadSize) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

// File is one source file of a module.
type File struct {
	// Path is the display path.
	Path string
	// Name is the file's base name (main.tf, main.tf.json).
	Name string
	Data []byte
}

// IsModuleFile reports whether a file name belongs to a Terraform module.
func IsModuleFile(name string) bool {
	base := filepath.Base(name)
	return hasSuffixFold(base, ".tf") || hasSuffixFold(base, ".tf.json")
}

// hasSuffixFold reports whether s ends with the ASCII suffix in any case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// maxReadSize bounds files read by file(), templatefile() and tfvars.
const maxReadSize = 10 << 20

// Adapt evaluates the root module in dir, made of files, into one state.
func Adapt(dir string, files []File, opts Options) adapt.Result {
	a, res := adaptRoot(dir, files, opts)
	opts.Cache.release(a.parsed)
	if a.budget.Exceeded() {
		res.Note(budget.Kind, a.overPos, a.budget.Notice())
	}
	return res
}

func adaptRoot(dir string, files []File, opts Options) (*adapter, adapt.Result) {
	if opts.FS == nil {
		opts.FS = osFS{}
	}
	if opts.Display == nil {
		opts.Display = filepath.ToSlash
	}
	a := &adapter{opts: opts, res: &adapt.Result{}, commented: map[string]bool{}, budget: budget.New(), dynamicBudget: maxDynamicTotal, moduleBudget: maxModuleInstances}
	root := a.parseModule(dir, files)
	if root == nil {
		return a, *a.res
	}
	absRoot, err := filepath.Abs(dir)
	if err != nil {
		absRoot = dir
	}
	a.rootDir = absRoot
	if len(opts.Only) > 0 {
		a.res.Report = reportOnly(root, opts.Only)
	}
	vars := a.rootVariables(root, dir)
	// First pass: nothing assumed; note the conditions on variables without
	// a value that decide a conditional.
	a.condSeen = map[string]bool{}
	a.share.recording = true
	first := a.build(root, dir, vars, "")
	a.share.recording = false
	conds := a.unknownConds
	a.condSeen = nil
	if len(conds) == 0 {
		a.res.States = append(a.res.States, first)
		return a, *a.res
	}
	if len(conds) > MaxVariantConditions {
		var names []string
		for _, c := range conds {
			names = append(names, c.label)
		}
		a.res.Note(fmt.Sprintf("modules with more than %d conditions on variables without a value (both branches judged for the first %d only; --var settles the others)", MaxVariantConditions, MaxVariantConditions),
			conds[MaxVariantConditions].pos, fmt.Sprintf("%d conditions on variables without a value decide conditionals (%s); both branches are judged for the first %d only, pass --var to settle the others",
				len(conds), strings.Join(names, ", "), MaxVariantConditions))
		conds = conds[:MaxVariantConditions]
	}
	// One state per combination of the conditions' values; the scan reports
	// a finding of some combinations only with the values it needs.
	keep := len(a.res.Diagnostics)
	// What the first pass evaluated without touching a condition is
	// decoded again rather than evaluated again (share.go), unless it spent
	// much of the budgets, which passes could then spend differently.
	a.share.replaying = shareVariants && maxDynamicTotal-a.dynamicBudget <= maxDynamicTotal/4 && maxModuleInstances-a.moduleBudget <= maxModuleInstances/4
	for mask := 0; mask < 1<<len(conds); mask++ {
		a.forced = map[string]bool{}
		var label []string
		for i, c := range conds {
			v := mask&(1<<i) != 0
			a.forced[c.key] = v
			label = append(label, fmt.Sprintf("%s=%t", c.label, v))
		}
		a.dynamicBudget, a.moduleBudget = maxDynamicTotal, maxModuleInstances
		a.res.States = append(a.res.States, a.build(root, dir, vars, strings.Join(label, ", ")))
		// Each pass repeats the notices of the first.
		a.res.Diagnostics = a.res.Diagnostics[:keep]
	}
	a.forced = nil
	a.share = sharing{}
	return a, *a.res
}

// MaxVariantConditions is how many unknown conditions of conditional
// expressions are enumerated; the others stay unknown.
const MaxVariantConditions = 3

// build evaluates the root module into a new state.
func (a *adapter) build(root *module, dir string, vars map[string]cty.Value, variant string) *model.State {
	st := model.NewState(a.opts.Display(dir), model.Terraform)
	st.Variant = variant
	b := &builder{state: st}
	a.evalModule(root, "", vars, nil, nil, b, 0, []string{a.rootDir}, false)
	b.finish()
	return st
}

// adapter holds what one root module's evaluation shares.
type adapter struct {
	opts      Options
	res       *adapt.Result
	rootDir   string
	commented map[string]bool
	modules   map[string]*module // parsed local modules by directory
	installed map[string]string  // module key -> directory, from terraform init
	// dynamicBudget bounds the blocks all dynamic blocks of a root module
	// expand to, nested ones included; beyond it they are unknown.
	dynamicBudget int
	// moduleBudget bounds how many module instances are evaluated.
	moduleBudget int
	// exprs remembers what evaluation asks of expressions (see info).
	exprs map[hclsyntax.Node]*exprInfo
	// bodies holds the sorted items of block bodies (see bodyItems).
	bodies map[*hclsyntax.Body][]bodyItem
	// funcs is the function table, built once.
	funcs map[string]function.Function
	// src holds each parsed file's text by display path, for the source
	// text of conditions.
	src map[string][]byte
	// parsed are the paths of the files parsed through the cache.
	parsed map[string]bool
	// condSeen, during the first pass, collects into unknownConds the
	// conditions on variables without a value that decide conditionals;
	// forced, in later passes, gives each its assumed value.
	condSeen     map[string]bool
	unknownConds []unknownCond
	forced       map[string]bool
	// share holds what variant passes take from the first (share.go).
	share sharing
	// denied are the paths file functions were refused (noted once).
	denied map[string]bool
	// budget counts the values left unknown for their size (maxValueSize).
	budget  *budget.Budget
	overPos model.Pos // the first value left unknown for its size
}

// unknownCond is a condition that could not be evaluated.
type unknownCond struct {
	key, label string
	pos        model.Pos
}

// parsedFile is one parsed source file.
type parsedFile struct {
	path string // display path
	body hcl.Body
	json bool
}

// module is a parsed module directory.
type module struct {
	dir       string // directory on disk
	files     []*parsedFile
	variables []*variableDecl
	locals    []*hcl.Attribute
	resources []*resourceDecl
	modules   []*moduleDecl
	outputs   []*hcl.Attribute
	decls     *moduleDecls // see declsOf
}

type variableDecl struct {
	name    string
	dflt    hcl.Expression
	typ     hcl.Expression
	rng     hcl.Range
	hasDflt bool
	// notNull is nullable = false: a null value given by the caller takes
	// the default.
	notNull bool
	// dfltVal is the default's value once evaluated (defaultOf); tc the
	// type constraint once read (convert).
	dfltVal cty.Value
	tc      *typeConstraint
}

type resourceDecl struct {
	mode    string // "resource" or "data"
	typ     string
	name    string
	file    string // display path
	body    hcl.Body
	rng     hcl.Range
	count   hcl.Expression
	forEach hcl.Expression
}

type moduleDecl struct {
	name   string
	file   string
	body   hcl.Body
	rng    hcl.Range
	source string
	srcRng hcl.Range
	attrs  hcl.Attributes
}

var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "terraform"},
		{Type: "moved"},
		{Type: "import"},
		{Type: "check", LabelNames: []string{"name"}},
		{Type: "removed"},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}, {Name: "nullable"}},
}

var metaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}},
}

// diagError records the first error of diags as an error diagnostic.
func (a *adapter) diagError(diags hcl.Diagnostics, fallback string) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		pos := model.Pos{File: fallback, Line: 1}
		if d.Subject != nil {
			file := d.Subject.Filename // hcl records the display path it was given
			if file == "" {
				file = fallback
			}
			pos = model.Pos{File: file, Line: d.Subject.Start.Line, Col: d.Subject.Start.Column}
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		a.res.Errorf(pos, "cannot parse: "+msg)
		return
	}
}

// parseModule parses the files of one module; nil when none could be read.
func (a *adapter) parseModule(dir string, files []File) *module {
	m := &module{dir: dir}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var overrides []*parsedFile
	for _, f := range files {
		pf := a.parseFile(f)
		if pf == nil {
			continue
		}
		m.files = append(m.files, pf)
		if IsOverrideFile(f.Name) {
			overrides = append(overrides, pf)
			continue
		}
		a.collect(m, pf)
	}
	// Override files are merged in after every other file, in name order.
	for _, pf := range overrides {
		a.applyOverride(m, pf)
	}
	if len(m.files) == 0 {
		return nil
	}
	return m
}

// parseFile parses one file and records its comments.
func (a *adapter) parseFile(f File) *parsedFile {
	isJSON := strings.HasSuffix(strings.ToLower(f.Name), ".json")
	file, diags := a.opts.Cache.parse(f.Path, f.Data, isJSON)
	if a.opts.Cache != nil {
		if a.parsed == nil {
			a.parsed = map[string]bool{}
		}
		a.parsed[f.Path] = true
	}
	if !isJSON {
		// Suppression directives all hold ":ignore", ":skip" or "ignore="
		// (shipshape:ignore, checkov:skip=, trivy:ignore:, hadolint
		// ignore=): other files need no second pass for their comments.
		if !a.commented[f.Path] && mayHoldDirective(f.Data) {
			a.commented[f.Path] = true
			a.res.Comments = append(a.res.Comments, a.opts.Cache.comments(f.Path, f.Data)...)
		}
	}
	if a.src == nil {
		a.src = map[string][]byte{}
	}
	a.src[f.Path] = f.Data
	if diags.HasErrors() {
		// What was parsed before the error may be missing what makes it
		// secure: the file is reported and not checked.
		a.diagError(diags, f.Path)
		return nil
	}
	if file == nil || file.Body == nil {
		return nil
	}
	return &parsedFile{path: f.Path, body: file.Body, json: isJSON}
}

func mayHoldDirective(data []byte) bool {
	for _, marker := range []string{":ignore", ":skip", "ignore="} {
		if bytes.Contains(data, []byte(marker)) {
			return true
		}
	}
	return false
}

// comments lists the comment lines of an HCL file, for inline suppressions.
func comments(path string, data []byte) []adapt.Comment {
	toks, _ := hclsyntax.LexConfig(data, path, hcl.InitialPos)
	var out []adapt.Comment
	for _, t := range toks {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		line := t.Range.Start.Line
		for i, l := range strings.Split(strings.TrimRight(string(t.Bytes), "\r\n"), "\n") {
			l = strings.TrimSuffix(strings.TrimRight(l, " \t\r"), "*/")
			out = append(out, adapt.Comment{Pos: model.Pos{File: path, Line: line + i}, Text: strings.TrimRight(l, " \t")})
		}
	}
	return out
}

// collect sorts the top-level blocks of a file into the module. What a
// file declares is read once per scan while the parse cache holds the
// file (fileDecls); each module gets its own copy of the declarations,
// which evaluation and override files change.
func (a *adapter) collect(m *module, pf *parsedFile) {
	d, shared := a.opts.Cache.declsOf(pf, func() *fileDecls {
		d := &fileDecls{}
		d.diags, d.ok = topBlocks(pf.body, func(blk topBlock) { collectBlock(&d.decls, pf, blk) })
		return d
	})
	if d.diags.HasErrors() && !d.ok {
		a.diagError(d.diags, pf.path)
		return
	}
	if !shared {
		m.variables = append(m.variables, d.decls.variables...)
		m.locals = append(m.locals, d.decls.locals...)
		m.resources = append(m.resources, d.decls.resources...)
		m.modules = append(m.modules, d.decls.modules...)
		m.outputs = append(m.outputs, d.decls.outputs...)
		return
	}
	for _, v := range d.decls.variables {
		cp := *v
		m.variables = append(m.variables, &cp)
	}
	m.locals = append(m.locals, d.decls.locals...)
	for _, r := range d.decls.resources {
		cp := *r
		m.resources = append(m.resources, &cp)
	}
	for _, md := range d.decls.modules {
		cp := *md
		m.modules = append(m.modules, &cp)
	}
	m.outputs = append(m.outputs, d.decls.outputs...)
}

// fileDecls is what a file declares (see collect), never changed once
// made: the declarations of its top-level blocks, or why they could not be
// read (diags, with ok false).
type fileDecls struct {
	diags hcl.Diagnostics
	ok    bool
	decls module
}

// declsOf is what a parsed file declares, read (by read) once for all the
// root modules that read the file while the cache holds it; shared says
// that the declarations are held for others (and must be copied), which
// they are only for a file that more than one root module reads.
func (c *ParseCache) declsOf(pf *parsedFile, read func() *fileDecls) (d *fileDecls, shared bool) {
	p := c.held(pf.path)
	if p == nil || p.file == nil || p.file.Body != pf.body {
		return read(), false
	}
	p.declsOnce.Do(func() { p.decls = read() })
	return p.decls, true
}

// collectBlock reads the declaration of one of a file's top-level blocks.
func collectBlock(m *module, pf *parsedFile, blk topBlock) {
	switch blk.typ {
	case "variable":
		vc := someAttrs(blk.body, variableSchema)
		v := &variableDecl{name: blk.labels[0], rng: blk.def}
		if d := vc.expr("default"); d != nil {
			v.dflt, v.hasDflt = d, true
		}
		v.typ = vc.expr("type")
		if n := vc.expr("nullable"); n != nil {
			if nv, d := n.Value(nil); !d.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
				v.notNull = nv.False()
			}
		}
		m.variables = append(m.variables, v)
	case "locals":
		attrs, _ := blk.body.JustAttributes()
		m.locals = append(m.locals, sortedAttrs(attrs)...)
	case "resource", "data":
		r := &resourceDecl{mode: blk.typ, typ: blk.labels[0], name: blk.labels[1], file: pf.path, body: blk.body, rng: blk.def}
		mc := someAttrs(blk.body, metaSchema)
		r.count, r.forEach = mc.expr("count"), mc.expr("for_each")
		m.resources = append(m.resources, r)
	case "module":
		md := &moduleDecl{name: blk.labels[0], file: pf.path, body: blk.body, rng: blk.def}
		attrs, _ := blk.body.JustAttributes()
		md.attrs = attrs
		if s := attrs["source"]; s != nil {
			if v, d := s.Expr.Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().FriendlyName() == "string" {
				md.source = v.AsString()
			}
			md.srcRng = s.Range
		}
		m.modules = append(m.modules, md)
	case "output":
		if oc := someAttrs(blk.body, outputSchema); oc.expr("value") != nil {
			at := *oc.attr("value")
			at.Name = blk.labels[0]
			m.outputs = append(m.outputs, &at)
		}
	}
}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}

// topBlock is a top-level block of a file that rootSchema names: what
// collect reads of it.
type topBlock struct {
	typ    string
	labels []string
	body   hcl.Body
	def    hcl.Range
}

// topBlocks calls f with each block of a file that rootSchema names, in
// order, as its PartialContent gives them (ok is false, and f not called,
// where it gives no content); a native syntax file's are read directly,
// without the copy of the rest of the body PartialContent also makes, nor
// a copy of the blocks.
func topBlocks(body hcl.Body, f func(topBlock)) (diags hcl.Diagnostics, ok bool) {
	sb, native := body.(*hclsyntax.Body)
	if !native {
		content, _, diags := body.PartialContent(rootSchema)
		if content == nil {
			return diags, false
		}
		for _, blk := range content.Blocks {
			f(topBlock{typ: blk.Type, labels: blk.Labels, body: blk.Body, def: blk.DefRange})
		}
		return diags, true
	}
	for _, blk := range sb.Blocks {
		// A block with too few or too many labels is left out, with an
		// error PartialContent would give and collect would not report.
		if n, wanted := rootLabels[blk.Type]; wanted && len(blk.Labels) == n {
			f(topBlock{typ: blk.Type, labels: blk.Labels, body: blk.Body, def: blk.DefRange()})
		}
	}
	return nil, true
}

// rootLabels is how many labels each block type of rootSchema has.
var rootLabels = func() map[string]int {
	m := map[string]int{}
	for _, b := range rootSchema.Blocks {
		m[b.Type] = len(b.LabelNames)
	}
	return m
}()

// someAttrs gives the attributes of body that schema names, as its
// PartialContent gives them; a native syntax body's are looked up in it
// directly, without the copies PartialContent makes.
func someAttrs(body hcl.Body, schema *hcl.BodySchema) schemaAttrs {
	if sb, native := body.(*hclsyntax.Body); native {
		return schemaAttrs{native: sb}
	}
	content, _, _ := body.PartialContent(schema)
	if content == nil {
		return schemaAttrs{}
	}
	return schemaAttrs{attrs: content.Attributes}
}

// schemaAttrs are a body's attributes that a schema names (see someAttrs).
type schemaAttrs struct {
	native *hclsyntax.Body
	attrs  hcl.Attributes
}

// expr is the expression of the named attribute, nil when it is absent.
func (s schemaAttrs) expr(name string) hcl.Expression {
	if s.native != nil {
		if at := s.native.Attributes[name]; at != nil {
			return at.Expr
		}
		return nil
	}
	if at := s.attrs[name]; at != nil {
		return at.Expr
	}
	return nil
}

// attr is the named attribute, nil when it is absent.
func (s schemaAttrs) attr(name string) *hcl.Attribute {
	if s.native != nil {
		if at := s.native.Attributes[name]; at != nil {
			return at.AsHCLAttribute()
		}
		return nil
	}
	return s.attrs[name]
}

// sortedAttrs returns attributes in source order.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, at := range attrs {
		out = append(out, at)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}

// isLocalSource reports whether a module source is a local path.
func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// loadModule reads and parses a local module directory from disk, once
// however often it is called.
func (a *adapter) loadModule(dir string) *module {
	if m, ok := a.modules[dir]; ok {
		return m
	}
	m := a.readModule(dir)
	if a.modules == nil {
		a.modules = map[string]*module{}
	}
	a.modules[dir] = m
	return m
}

func (a *adapter) readModule(dir string) *module {
	entries, err := a.opts.FS.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !IsModuleFile(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		display := a.opts.Display(p)
		data, cached := a.opts.Cache.data(display)
		if !cached {
			var err error
			if data, err = a.opts.FS.ReadFile(p); err != nil {
				a.res.Note(kindModuleFileUnread, model.Pos{File: display}, "module file not read, so what it declares is not checked: "+err.Error())
				continue
			}
		}
		if len(data) > maxReadSize {
			a.res.Note(kindModuleFileUnread, model.Pos{File: display}, fmt.Sprintf("module file over the %d MB limit not read, so what it declares is not checked", maxReadSize>>20))
			continue
		}
		files = append(files, File{Path: display, Name: e.Name(), Data: data})
	}
	if len(files) == 0 {
		return nil
	}
	for _, f := range files {
		a.res.Read = append(a.res.Read, f.Path)
	}
	return a.parseModule(dir, files)
}

func posOf(file string, r hcl.Range) model.Pos {
	return model.Pos{File: file, Line: r.Start.Line, Col: r.Start.Column}
}

// notef adds a notice of a kind (see finding.Diagnostic.Kind).
func (a *adapter) notef(kind, file string, r hcl.Range, format string, args ...any) {
	a.res.Note(kind, posOf(file, r), fmt.Sprintf(format, args...))
}

// Kinds of Terraform notices, folded into one line each in text output.
const (
	kindModuleNotFollowed = "module calls not followed (their resources are not checked)"
	kindModuleOutside     = "module calls outside the scanned repository not followed (scan its root)"
	kindModuleFileUnread  = "files of called modules not read (what they declare is not checked)"
	kindRemoteModule      = "remote modules not installed (terraform init) and not checked"
	kindOverride          = "overrides of blocks no other file declares (ignored)"
)

// CalledModules returns the directories (absolute) of the local modules the
// module in dir calls, so that a scan adapts them through their caller.
func CalledModules(dir string, files []File, cache *ParseCache) []string {
	a := &adapter{opts: Options{FS: osFS{}, Display: filepath.ToSlash, Cache: cache}, res: &adapt.Result{}, commented: map[string]bool{"": true}}
	self, _ := filepath.Abs(dir)
	var out []string
	for _, f := range files {
		if !bytes.Contains(f.Data, []byte("module")) {
			continue
		}
		a.commented[f.Path] = true
		pf := a.parseFile(f)
		if pf == nil {
			continue
		}
		for _, src := range moduleSources(pf.body) {
			if isLocalSource(src) {
				if abs, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(src))); err == nil && abs != self {
					out = append(out, abs)
				}
			}
		}
	}
	return out
}

// sourceSchema picks a module call's source.
var sourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}

// moduleSources are the literal sources of a file's module blocks, as
// collect reads them, without sorting the file's other blocks.
func moduleSources(body hcl.Body) []string {
	var out []string
	topBlocks(body, func(blk topBlock) {
		if blk.typ != "module" {
			return
		}
		if src := someAttrs(blk.body, sourceSchema).expr("source"); src != nil {
			if v, d := src.Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				out = append(out, v.AsString())
			}
		}
	})
	return out
}

// reportOnly accepts the findings located in the named files of the root
// module, and those of the local modules that the named files call; it
// drops the findings located in the module's other files.
func reportOnly(root *module, only []string) func(file, resource string) bool {
	named := map[string]bool{}
	for _, f := range only {
		named[f] = true
	}
	rootFiles := map[string]bool{}
	for _, pf := range root.files {
		rootFiles[pf.path] = true
	}
	callFile := map[string]string{}
	for _, md := range root.modules {
		callFile[md.name] = md.file
	}
	return func(file, resource string) bool {
		if named[file] {
			return true
		}
		if rootFiles[file] {
			return false
		}
		if rest, ok := strings.CutPrefix(resource, "module."); ok {
			name := rest
			if i := strings.IndexAny(name, ".["); i >= 0 {
				name = name[:i]
			}
			return named[callFile[name]]
		}
		return false
	}
}
