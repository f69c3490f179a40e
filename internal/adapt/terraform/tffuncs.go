package terraform

import (
	"errors"

	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/shipshape/shipshape/internal/parse/tree"
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
		case marks.Has(doubtfulShape{}):
			// A for expression whose if clause is unknown for some
			// element: how many there are is not known.
			return cty.UnknownVal(cty.Number), nil
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

// jsonencodeFunc is Terraform's jsonencode, except that a value with
// unknown leaves is encoded with each unknown leaf as the string tree.Hole
// (Terraform makes the whole text unknown): the text is what the decoders
// read as container definitions or a policy, and they read a hole as an
// unknown value (see convertValue and awsres).
var jsonencodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if top, _ := args[0].Unmark(); !top.IsKnown() {
			// Nothing of the value is known: neither is its text.
			return cty.UnknownVal(cty.String), nil
		}
		w := jsonText{}
		ok := w.encode(args[0], 0)
		if !ok && w.unknown {
			w = jsonText{holes: true}
			ok = w.encode(args[0], 0)
		}
		if ok {
			text := cty.StringVal(string(w.buf))
			if !w.written {
				return text, nil
			}
			return text.Mark(&encoded{text: text.AsString(), from: args[0]}), nil
		}
		// What jsonText does not write, go-cty writes (or says why not).
		v, marks := args[0].UnmarkDeep()
		var text cty.Value
		var err error
		if v.IsWhollyKnown() {
			text, err = stdlib.JSONEncode(v)
		} else {
			text, err = stdlib.JSONEncode(holed(v, 0))
		}
		if err != nil || !hasWrittenAnywhere(marks) {
			return text, err
		}
		// Where the caller wrote the values inside the text (see
		// provenance.go) is kept with the text.
		return text.Mark(&encoded{text: text.AsString(), from: args[0]}), nil
	},
})

// holed rebuilds v with objects and tuples only, each unknown leaf
// replaced by the string tree.Hole.
func holed(v cty.Value, depth int) cty.Value {
	if !v.IsKnown() || depth > 64 {
		return cty.StringVal(tree.Hole)
	}
	if v.IsNull() {
		return v
	}
	ty := v.Type()
	switch {
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var items []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, el := it.Element()
			items = append(items, holed(el, depth+1))
		}
		if len(items) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(items)
	case ty.IsMapType() || ty.IsObjectType():
		m := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, el := it.Element()
			m[k.AsString()] = holed(el, depth+1)
		}
		return objectOf(m)
	}
	return v
}

// identityFunc is sensitive and nonsensitive: shipshape masks secrets
// itself, the value is what matters.
var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return args[0], nil // marks say where a value was written
	},
})

// oneFunc is Terraform's one: the only element of a list, set or tuple,
// null for an empty one.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			switch len(ty.TupleElementTypes()) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ty.TupleElementTypes()[0], nil
			}
		}
		return cty.NilType, errors.New("must be a list, set or tuple of zero or one element")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() || v.IsNull() {
			return cty.UnknownVal(ret), nil
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, el := it.Element()
			return el, nil
		}
		return cty.UnknownVal(ret), errors.New("must have zero or one element")
	},
})

// pathFunc makes basename and dirname.
func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

// allAnyFunc makes alltrue (all) and anytrue.
func allAnyFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, el := it.Element()
				switch {
				case !el.IsKnown() || el.IsNull():
					unknown = true
				case el.True() != all:
					return cty.BoolVal(!all), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

// lookupFunc is Terraform's lookup: the default may be null, and may be
// left out (a missing key is then an error).
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowMarked: true},
		{Name: "key", Type: cty.String, AllowMarked: true},
	},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		if len(args) > 3 {
			return cty.NilType, errors.New("lookup takes two or three arguments")
		}
		ty := args[0].Type()
		switch {
		case ty.IsObjectType():
			key, _ := args[1].Unmark()
			if !key.IsKnown() {
				return cty.DynamicPseudoType, nil
			}
			if ty.HasAttribute(key.AsString()) {
				return ty.AttributeType(key.AsString()), nil
			}
			if len(args) == 3 {
				return args[2].Type(), nil
			}
			return cty.NilType, errors.New("lookup failed to find key " + key.AsString())
		case ty.IsMapType():
			if len(args) == 3 && !args[2].IsNull() {
				if _, err := convert.Convert(args[2], ty.ElementType()); err != nil {
					return cty.DynamicPseudoType, nil
				}
			}
			return ty.ElementType(), nil
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, errors.New("the first argument must be a map or an object")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		m, _ := args[0].Unmark()
		key, _ := args[1].Unmark()
		if !m.IsKnown() || !key.IsKnown() || m.IsNull() {
			return cty.UnknownVal(ret), nil
		}
		k := key.AsString()
		var found cty.Value
		switch {
		case m.Type().IsObjectType():
			if m.Type().HasAttribute(k) {
				found = m.GetAttr(k)
			}
		case m.HasIndex(key).True():
			found = m.Index(key)
		}
		if found == cty.NilVal {
			if len(args) < 3 {
				return cty.UnknownVal(ret), errors.New("lookup failed to find key " + k)
			}
			found = args[2]
		}
		if ret == cty.DynamicPseudoType {
			return found, nil
		}
		return convert.Convert(found, ret)
	},
})

// concatFunc is go-cty's concat, except that the type of its result is
// found without unmarking each argument deeply first (which copies the
// whole argument: container definitions a module's caller wrote are
// marked leaf by leaf, see provenance.go). Only the arguments' types and
// lengths make the type, and marks change neither.
var concatFunc = function.New(&function.Spec{
	VarParam:     &function.Parameter{Name: "seqs", Type: cty.DynamicPseudoType, AllowMarked: true},
	Type:         concatType,
	RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() },
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		if !retType.IsListType() && !retType.IsTupleType() {
			return cty.NilVal, errors.New("unsupported return type")
		}
		vals := make([]cty.Value, 0, len(args))
		var markses []cty.ValueMarks
		for i, seq := range args {
			if retType.IsListType() {
				var err error
				if seq, err = convert.Convert(seq, retType); err != nil {
					return cty.NilVal, function.NewArgError(i, err)
				}
			}
			seq, marks := seq.Unmark()
			if len(marks) > 0 {
				markses = append(markses, marks)
			}
			for it := seq.ElementIterator(); it.Next(); {
				_, v := it.Element()
				vals = append(vals, v)
			}
		}
		switch {
		case retType.IsTupleType():
			return cty.TupleVal(vals).WithMarks(markses...), nil
		case len(vals) == 0:
			return cty.ListValEmpty(retType.ElementType()).WithMarks(markses...), nil
		}
		return cty.ListVal(vals).WithMarks(markses...), nil
	},
})

// concatType is the type of concat's result: a list when every argument
// is a list of types that unify, otherwise a tuple of their elements.
func concatType(args []cty.Value) (cty.Type, error) {
	if len(args) == 0 {
		return cty.NilType, errors.New("at least one argument is required")
	}
	if args[0].Type().IsListType() {
		tys := make([]cty.Type, len(args))
		for i, val := range args {
			if !val.Type().IsListType() {
				tys = nil
				break
			}
			tys[i] = val.Type()
		}
		if tys != nil {
			if common, _ := convert.UnifyUnsafe(tys); common != cty.NilType {
				return common, nil
			}
		}
	}
	etys := make([]cty.Type, 0, len(args))
	for i, val := range args {
		val, _ := val.Unmark()
		ty := val.Type()
		switch {
		case ty.IsTupleType():
			etys = append(etys, ty.TupleElementTypes()...)
		case ty.IsListType():
			if !val.IsKnown() {
				// A list of unknown length: the tuple is not known yet.
				return cty.DynamicPseudoType, nil
			}
			for range val.LengthInt() {
				etys = append(etys, ty.ElementType())
			}
		default:
			return cty.NilType, function.NewArgErrorf(i, "all arguments must be lists or tuples; got %s", ty.FriendlyName())
		}
	}
	return cty.Tuple(etys), nil
}
