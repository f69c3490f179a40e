package terraform

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/shipshape/shipshape/internal/parse/tree"
)

// TestConcatAsGoCty checks that concat gives what go-cty's concat gives,
// marks included, for lists, tuples, their mixes, unknown and marked
// arguments, and arguments it refuses.
func TestConcatAsGoCty(t *testing.T) {
	mark := written{at: tree.Place{File: "caller.tf", Line: 2, Col: 3}, text: "x"}
	str := func(s string) cty.Value { return cty.StringVal(s) }
	list := cty.ListVal([]cty.Value{str("a"), str("b")})
	defs := cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": str("app").Mark(mark), "user": str("0")}).Mark(mark)})
	for name, args := range map[string][]cty.Value{
		"tuples":            {cty.TupleVal([]cty.Value{str("a"), cty.NumberIntVal(1)}), cty.TupleVal([]cty.Value{cty.True})},
		"lists":             {list, cty.ListVal([]cty.Value{str("c")})},
		"lists to unify":    {list, cty.ListVal([]cty.Value{cty.NumberIntVal(1)})},
		"list and tuple":    {list, cty.TupleVal([]cty.Value{cty.NumberIntVal(1)})},
		"empty":             {cty.EmptyTupleVal, cty.ListValEmpty(cty.String)},
		"empty lists":       {cty.ListValEmpty(cty.String), cty.ListValEmpty(cty.String)},
		"marked deep":       {defs, cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"name": str("sidecar")})})},
		"marked list":       {list.Mark(mark), cty.ListVal([]cty.Value{str("c").Mark(mark)})},
		"marked tuple":      {defs.Mark(mark), cty.EmptyTupleVal},
		"unknown list":      {cty.UnknownVal(cty.List(cty.String)), cty.EmptyTupleVal},
		"unknown element":   {cty.TupleVal([]cty.Value{cty.UnknownVal(cty.String)}), list},
		"dynamic":           {cty.DynamicVal, list},
		"not a sequence":    {list, str("x")},
		"map":               {cty.MapVal(map[string]cty.Value{"k": str("v")})},
		"one":               {defs},
		"none":              {},
		"null":              {cty.NullVal(cty.List(cty.String)), list},
		"set":               {cty.SetVal([]cty.Value{str("a")}), list},
		"marked unknown":    {cty.UnknownVal(cty.List(cty.String)).Mark(mark), list},
		"list then marked":  {list, defs},
		"nested list mixed": {cty.ListVal([]cty.Value{list}), cty.TupleVal([]cty.Value{list})},
	} {
		want, wantErr := stdlib.ConcatFunc.Call(args)
		got, err := concatFunc.Call(args)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, want %v", name, err, wantErr)
			continue
		}
		if err == nil && !got.RawEquals(want) {
			t.Errorf("%s: %#v\nwant %#v", name, got, want)
		}
	}
}
