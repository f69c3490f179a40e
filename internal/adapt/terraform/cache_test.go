package terraform

import (
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// TestParseCacheExpect checks that the text of a file announced with
// Expect is served without reading it again, parsed once when a module
// reads it, and dropped after its last announced use.
func TestParseCacheExpect(t *testing.T) {
	c := &ParseCache{}
	text := []byte(`variable "x" { default = 1 }`)
	c.Expect("m/variables.tf", text, 2)
	if got, ok := c.data("m/variables.tf"); !ok || string(got) != string(text) {
		t.Fatalf("data = %q, %v; want the announced text", got, ok)
	}
	if _, ok := c.data("m/other.tf"); ok {
		t.Error("data of a file never announced nor parsed")
	}
	f1, diags := c.parse("m/variables.tf", text, false)
	if f1 == nil || diags.HasErrors() {
		t.Fatalf("parse: %v", diags)
	}
	if f2, _ := c.parse("m/variables.tf", text, false); f2 != f1 {
		t.Error("parsed again although its text did not change")
	}
	// A later announcement keeps what is parsed.
	c.Expect("m/variables.tf", text, 2)
	if f3, _ := c.parse("m/variables.tf", text, false); f3 != f1 {
		t.Error("Expect replaced the parsed file")
	}
	c.release(map[string]bool{"m/variables.tf": true})
	if _, ok := c.data("m/variables.tf"); !ok {
		t.Error("dropped after the first of two uses")
	}
	c.release(map[string]bool{"m/variables.tf": true})
	if _, ok := c.data("m/variables.tf"); ok {
		t.Error("kept after its last use")
	}
}

// TestParseCacheComments checks that a held file's comment lines are
// found once and shared, and found anew for a text the cache does not hold.
func TestParseCacheComments(t *testing.T) {
	c := &ParseCache{}
	text := []byte("# shipshape:ignore ecr/scan-on-push\nresource \"aws_ecr_repository\" \"r\" {}\n")
	want := comments("m/main.tf", text)
	if len(want) != 1 {
		t.Fatalf("comments = %v", want)
	}
	if got := c.comments("m/main.tf", text); !reflect.DeepEqual(got, want) {
		t.Errorf("not held: %v, want %v", got, want)
	}
	c.Expect("m/main.tf", text, 1)
	first := c.comments("m/main.tf", text)
	if !reflect.DeepEqual(first, want) {
		t.Errorf("held: %v, want %v", first, want)
	}
	if again := c.comments("m/main.tf", text); &again[0] != &first[0] {
		t.Error("found again for a held file")
	}
	other := []byte("# trivy:ignore:AVD-AWS-0030\n# second line\n")
	if got := c.comments("m/main.tf", other); len(got) != 2 {
		t.Errorf("changed text: %v, want its own two comment lines", got)
	}
}

// TestParseCacheDefaults checks that a variable's default is evaluated
// once for the root modules that read its file, converted to its type,
// and that another type constraint (an override) is a default of its own.
func TestParseCacheDefaults(t *testing.T) {
	c := &ParseCache{}
	text := []byte(`variable "ports" {
  type    = list(number)
  default = ["80", 443]
}
`)
	c.Expect("m/variables.tf", text, 2)
	decl := func() *variableDecl {
		a := &adapter{opts: Options{Cache: c}, res: &adapt.Result{}, commented: map[string]bool{}}
		m := a.parseModule("m", []File{{Path: "m/variables.tf", Name: "variables.tf", Data: text}})
		if m == nil || len(m.variables) != 1 {
			t.Fatal("variable not collected")
		}
		return m.variables[0]
	}
	first, second := decl(), decl()
	want := cty.ListVal([]cty.Value{cty.NumberIntVal(80), cty.NumberIntVal(443)})
	if got := c.defaultOf(first); !got.RawEquals(want) {
		t.Errorf("default = %#v, want %#v", got, want)
	}
	evaluated := 0
	c.files.Range(func(_, v any) bool {
		v.(*cachedParse).defaults.Range(func(_, _ any) bool { evaluated++; return true })
		return true
	})
	if got := c.defaultOf(second); !got.RawEquals(want) || evaluated != 1 {
		t.Errorf("second root: %#v (%d defaults held), want the held value", got, evaluated)
	}
	untyped := *second
	untyped.typ = nil
	if got := c.defaultOf(&untyped); got.RawEquals(want) {
		t.Errorf("without the type constraint: %#v, want the tuple as written", got)
	}
}

// TestParseCacheTypes checks that a variable's type constraint is read
// once for the root modules that read its file while the cache holds it,
// that another type expression (an override's) is read on its own, and
// that a file the cache does not hold gets its type read anew.
func TestParseCacheTypes(t *testing.T) {
	c := &ParseCache{}
	text := []byte(`variable "svc" {
  type = object({ name = string, port = optional(number, 80) })
}
variable "bad" { type = nosuchtype }
`)
	c.Expect("m/variables.tf", text, 2)
	decls := func() []*variableDecl {
		a := &adapter{opts: Options{Cache: c}, res: &adapt.Result{}, commented: map[string]bool{}}
		m := a.parseModule("m", []File{{Path: "m/variables.tf", Name: "variables.tf", Data: text}})
		if m == nil || len(m.variables) != 2 {
			t.Fatal("variables not collected")
		}
		return m.variables
	}
	given := cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("api")})
	want := cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("api"), "port": cty.NumberIntVal(80)})
	first := decls()
	if got := first[0].convert(c, given); !got.RawEquals(want) {
		t.Errorf("first root: %#v, want %#v", got, want)
	}
	// The first root module is done: the second, the last, still finds
	// what the first read.
	c.release(map[string]bool{"m/variables.tf": true})
	second := decls()
	if got := second[0].convert(c, given); !got.RawEquals(want) {
		t.Errorf("second root: %#v, want %#v", got, want)
	}
	if first[0].tc == nil || first[0].tc != second[0].tc {
		t.Error("type constraint read again for the second root module")
	}
	if got := second[1].convert(c, given); !got.RawEquals(given) || !second[1].tc.bad {
		t.Errorf("invalid type: %#v (bad %v), want the value unconverted", got, second[1].tc.bad)
	}
	other, diags := hclsyntax.ParseExpression([]byte("map(string)"), "m/override.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if tc := c.typeOf(other); tc == first[0].tc || tc.ty != cty.Map(cty.String) {
		t.Errorf("override's type: %#v, want map(string) of its own", tc)
	}
	if tc := (*ParseCache)(nil).typeOf(first[0].typ); tc == first[0].tc || !tc.ty.Equals(first[0].tc.ty) {
		t.Error("without a cache: want the same type, read anew")
	}
	// A file announced for one root module keeps nothing for others.
	c.Expect("n/variables.tf", text, 1)
	if _, diags := c.parse("n/variables.tf", text, false); diags.HasErrors() {
		t.Fatal(diags)
	}
	one, diags := hclsyntax.ParseExpression([]byte("list(string)"), "n/variables.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if a, b := c.typeOf(one), c.typeOf(one); a == b {
		t.Error("type of a file only one root module reads kept in the cache")
	}
}

// TestParseCacheDecls checks that what a held file declares is read once
// and that each module gets its own declarations: an override file
// changes the module's, not those the cache holds for the next root.
func TestParseCacheDecls(t *testing.T) {
	c := &ParseCache{}
	files := []File{
		{Path: "m/main.tf", Name: "main.tf", Data: []byte(`resource "aws_ecr_repository" "r" { image_tag_mutability = "MUTABLE" }
variable "v" { default = "a" }
locals { l = 1 }
`)},
		{Path: "m/override.tf", Name: "override.tf", Data: []byte(`resource "aws_ecr_repository" "r" { image_tag_mutability = "IMMUTABLE" }
variable "v" { default = "b" }
`)},
	}
	for _, f := range files {
		c.Expect(f.Path, f.Data, 2)
	}
	parse := func() *module {
		a := &adapter{opts: Options{Cache: c}, res: &adapt.Result{}, commented: map[string]bool{}}
		m := a.parseModule("m", append([]File{}, files...))
		if m == nil || len(m.resources) != 1 || len(m.variables) != 1 || len(m.locals) != 1 {
			t.Fatalf("module not collected: %+v", m)
		}
		return m
	}
	first, second := parse(), parse()
	if first.resources[0] == second.resources[0] || first.variables[0] == second.variables[0] {
		t.Error("two modules share declarations")
	}
	for _, m := range []*module{first, second} {
		if _, merged := m.resources[0].body.(*mergedBody); !merged {
			t.Errorf("resource body %T, want the override merged in", m.resources[0].body)
		}
		if v, _ := m.variables[0].dflt.Value(nil); v.AsString() != "b" {
			t.Errorf("variable default %#v, want the override's", v)
		}
	}
	v, _ := c.files.Load("m/main.tf")
	held := v.(*cachedParse).decls
	if held == nil {
		t.Fatal("declarations of main.tf not held")
	}
	if _, merged := held.decls.resources[0].body.(*mergedBody); merged {
		t.Error("the override changed the held declarations")
	}
}

// TestKeySlab checks that a slab hands out distinct key nodes, then
// allocates past its size.
func TestKeySlab(t *testing.T) {
	keys := make(keySlab, 2)
	r := hcl.Range{Start: hcl.Pos{Line: 3, Column: 5}}
	a, b, c := keys.key("a", r), keys.key("b", r), keys.key("c", r)
	if a == b || b == c || a == c {
		t.Fatal("keys share a node")
	}
	for i, k := range []*tree.Node{a, b, c} {
		if want := string(rune('a' + i)); k.Kind != tree.Scalar || k.Value != want || k.Line != 3 || k.Col != 5 {
			t.Errorf("key %d = %+v, want scalar %q at 3:5", i, k, want)
		}
	}
}
