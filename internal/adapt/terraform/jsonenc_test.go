package terraform

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// goctyJSON is jsonencode as go-cty writes it: the value unmarked, each
// unknown leaf made a hole, then stdlib.JSONEncode.
func goctyJSON(t *testing.T, v cty.Value) string {
	t.Helper()
	u, _ := v.UnmarkDeep()
	if !u.IsWhollyKnown() {
		u = holed(u, 0)
	}
	text, err := stdlib.JSONEncode(u)
	if err != nil {
		t.Fatalf("JSONEncode(%#v): %v", u, err)
	}
	return text.AsString()
}

func TestJSONTextAsGoCty(t *testing.T) {
	mark := written{at: tree.Place{File: "caller.tf", Line: 3, Col: 5}, text: "0"}
	deep := cty.StringVal("leaf")
	for range 70 {
		deep = cty.TupleVal([]cty.Value{deep, cty.NumberIntVal(1)})
	}
	bigInt, _ := new(big.Float).SetPrec(512).SetString("123456789012345678901234567890")
	values := map[string]cty.Value{
		"strings": cty.TupleVal([]cty.Value{
			cty.StringVal(""), cty.StringVal("plain"), cty.StringVal(`quote " backslash \ slash /`),
			cty.StringVal("<script>&amp;</script>"), cty.StringVal("tab\tnewline\nreturn\rbell\afeed\fback\b\x00\x1f\x7f"),
			cty.StringVal("é ü 日本 emoji 🚀"), cty.StringVal("line\u2028para\u2029end"), cty.StringVal(tree.Hole + "x"),
		}),
		"numbers": cty.TupleVal([]cty.Value{
			cty.NumberIntVal(0), cty.NumberIntVal(-1), cty.NumberIntVal(1048576), cty.NumberIntVal(1 << 62), cty.NumberIntVal(-1 << 63),
			cty.NumberFloatVal(0.5), cty.NumberFloatVal(-2.25), cty.NumberFloatVal(1e-7), cty.NumberFloatVal(1e21), cty.NumberFloatVal(0.1),
			cty.NumberVal(bigInt), cty.MustParseNumberVal("3.14159265358979323846264338327950288"),
		}),
		"bools and nulls": cty.ObjectVal(map[string]cty.Value{
			"t": cty.True, "f": cty.False, "n": cty.NullVal(cty.String), "d": cty.NullVal(cty.DynamicPseudoType),
			"l": cty.NullVal(cty.List(cty.String)),
		}),
		"collections": cty.ObjectVal(map[string]cty.Value{
			"zeta":  cty.ListVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}),
			"alpha": cty.SetVal([]cty.Value{cty.StringVal("y"), cty.StringVal("x")}),
			"map":   cty.MapVal(map[string]cty.Value{"k2": cty.NumberIntVal(2), "k1": cty.NumberIntVal(1), "<k>": cty.NumberIntVal(0)}),
			"empty": cty.EmptyTupleVal, "emptyObj": cty.EmptyObjectVal, "emptyList": cty.ListValEmpty(cty.String),
			"emptyMap": cty.MapValEmpty(cty.String),
		}),
		"container definitions": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"name": cty.StringVal("app"), "image": cty.StringVal("nginx:1.25"), "essential": cty.True,
			"portMappings": cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"containerPort": cty.NumberIntVal(80)})}),
			"user":         cty.StringVal("0").Mark(mark),
		}).Mark(mark)}),
		"unknown leaves": cty.ObjectVal(map[string]cty.Value{
			"known":   cty.StringVal("k"),
			"unknown": cty.UnknownVal(cty.String),
			"dyn":     cty.DynamicVal,
			"list":    cty.ListVal([]cty.Value{cty.UnknownVal(cty.Number), cty.NumberIntVal(3)}),
			"map":     cty.MapVal(map[string]cty.Value{"a": cty.UnknownVal(cty.Bool), "b": cty.True}),
			"marked":  cty.UnknownVal(cty.String).Mark(mark),
			"null":    cty.NullVal(cty.Number),
		}),
		"deep known":   deep,
		"deep unknown": cty.TupleVal([]cty.Value{deep, cty.UnknownVal(cty.String)}),
		"deep marked": cty.TupleVal([]cty.Value{cty.UnknownVal(cty.String), func() cty.Value {
			v := cty.StringVal("deepest").Mark(mark)
			for range 70 {
				v = cty.TupleVal([]cty.Value{v})
			}
			return v
		}()}),
		"null":   cty.NullVal(cty.Map(cty.String)),
		"string": cty.StringVal("just text"),
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			want := goctyJSON(t, v)
			got, err := jsonencodeFunc.Call([]cty.Value{v})
			if err != nil {
				t.Fatal(err)
			}
			text, marks := got.Unmark()
			if text.AsString() != want {
				t.Errorf("jsonencode =\n%s\nwant (go-cty)\n%s", text.AsString(), want)
			}
			_, deepMarks := v.UnmarkDeep()
			if _, ok := encodedFrom(marks, want); ok != hasWrittenAnywhere(deepMarks) {
				t.Errorf("encoded mark = %v, want %v", ok, hasWrittenAnywhere(deepMarks))
			}
		})
	}
}

func TestJSONTextUnknown(t *testing.T) {
	got, err := jsonencodeFunc.Call([]cty.Value{cty.UnknownVal(cty.Map(cty.String))})
	if err != nil || got.IsKnown() {
		t.Errorf("jsonencode(unknown) = %#v, %v; want an unknown string", got, err)
	}
	// A value JSON has no text for: go-cty's error.
	if _, err := jsonencodeFunc.Call([]cty.Value{cty.PositiveInfinity}); err == nil {
		t.Error("jsonencode(infinity) gave no error")
	}
}

// FuzzJSONString checks appendJSONString against encoding/json.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "a", `"\`, "<>&", "\x00\x01\x1f\x7f", "\u2028\u2029", "\xff\xfe", "é🚀", strings.Repeat("x", 40) + "\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Skip()
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
