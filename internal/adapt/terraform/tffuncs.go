package terraform

import (
	"errors"

	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// This file holds Terraform's functions where go-cty's standard library
// differs from Terraform, or where Terraform's own definition would make a
// value wholly unknown although only some of its leaves are: shipshape does
// not read data sources or resource attributes, so far more leaves are
// unknown than in a Terraform plan, and an unknown leaf must not hide the
// known settings beside it.

// lengthFunc is Terraform's length: lists, maps, sets, tuples, objects and
// strings. The length of a tuple or object is its type's, known even when
// its elements are not.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType, ty == cty.String, ty.IsCollectionType(), ty.IsTupleType(), ty.IsObjectType():
			return cty.Number, nil
		}
		return cty.NilType, errors.New("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		ty := v.Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))).WithMarks(marks), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))).WithMarks(marks), nil
		case v.IsNull():
			return cty.UnknownVal(cty.Number), errors.New("argument must not be null")
		case ty == cty.String:
			if !v.IsKnown() {
				return cty.UnknownVal(cty.Number).WithMarks(marks), nil
			}
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		}
		return v.Length().WithMarks(marks), nil
	},
})

// tryFunc is Terraform's try, except that the first argument that
// evaluates without an error is the result even when some of its leaves
// are unknown (Terraform makes the whole result unknown): an argument
// whose evaluation succeeds with unknown leaves would not fail once they
// are known, except in rare cases (an index into a collection whose
// length is unknown), whose result is then unknown anyway.
var tryFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type: func(args []cty.Value) (cty.Type, error) {
		v, err := tryArgs(args)
		if err != nil {
			return cty.NilType, err
		}
		return v.Type(), nil
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return tryArgs(args) },
})

func tryArgs(args []cty.Value) (cty.Value, error) {
	for _, arg := range args {
		closure := customdecode.ExpressionClosureFromVal(arg)
		v, diags := closure.Value()
		if diags.HasErrors() {
			continue
		}
		return v, nil
	}
	return cty.NilVal, errors.New("no expression succeeded")
}

// canFunc is Terraform's can: true when its argument evaluates without an
// error, unknown when the argument itself is unknown.
var canFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		closure := customdecode.ExpressionClosureFromVal(args[0])
		v, diags := closure.Value()
		switch {
		case diags.HasErrors():
			return cty.False, nil
		case !v.IsKnown():
			return cty.UnknownVal(cty.Bool), nil
		}
		return cty.True, nil
	},
})
