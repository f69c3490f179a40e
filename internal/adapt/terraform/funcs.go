package terraform

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/shipshape/shipshape/internal/model"
)

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) || os.IsNotExist(err) }

func modelPos(file string, line int) model.Pos { return model.Pos{File: file, Line: line} }

func parseJSON(data []byte, name string) (*hcl.File, hcl.Diagnostics) {
	return hcljson.Parse(data, name)
}

// terraformFunctions returns the functions expressions may call. file and
// templatefile read relative paths from the root module directory; denied
// is told of a path that may not be read (outside the repository, not a
// regular file, too large), whose value is then unknown.
func terraformFunctions(rootDir string, fsys FS, denied func(path string, err error)) map[string]function.Function {
	read := func(p string) (string, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(rootDir, p)
		}
		data, err := fsys.ReadFile(p)
		if err != nil {
			if denied != nil && !isNotExist(err) {
				denied(p, err)
			}
			return "", errors.New("cannot read " + p)
		}
		if len(data) > maxReadSize {
			return "", errors.New("file too large")
		}
		return string(data), nil
	}
	fileFunc := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := read(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
	fileExists := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, err := read(args[0].AsString())
			return cty.BoolVal(err == nil), nil
		},
	})
	templateFile := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := read(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			expr, diags := hclsyntax.ParseTemplate([]byte(src), args[0].AsString(), hcl.InitialPos)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), diags
			}
			vars := map[string]cty.Value{}
			if v := args[1]; v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
				for it := v.ElementIterator(); it.Next(); {
					k, val := it.Element()
					vars[k.AsString()] = val
				}
			} else if !args[1].IsKnown() {
				return cty.UnknownVal(cty.String), nil
			}
			// Templates may call the same functions, except templatefile itself.
			fns := map[string]function.Function{}
			for k, f := range baseFunctions() {
				fns[k] = f
			}
			ctx := &hcl.EvalContext{Variables: vars, Functions: fns}
			out, diags := expr.Value(ctx)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String), diags
			}
			return out, nil
		},
	})
	fns := baseFunctions()
	fns["file"] = fileFunc
	fns["fileexists"] = fileExists
	fns["templatefile"] = templateFile
	return fns
}

// knownFunctions names the functions expressions may call; a call to any
// other is unknown (see lenient).
var knownFunctions = func() map[string]bool {
	out := map[string]bool{}
	for name := range terraformFunctions("", osFS{}, nil) {
		out[name] = true
	}
	return out
}()

// baseFunctions are the pure functions.
func baseFunctions() map[string]function.Function {
	return map[string]function.Function{
		"jsonencode":      jsonencodeFunc,
		"jsondecode":      stdlib.JSONDecodeFunc,
		"merge":           stdlib.MergeFunc,
		"concat":          concatFunc,
		"lookup":          lookupFunc,
		"format":          stdlib.FormatFunc,
		"formatlist":      stdlib.FormatListFunc,
		"tostring":        stdlib.MakeToFunc(cty.String),
		"tonumber":        stdlib.MakeToFunc(cty.Number),
		"tobool":          stdlib.MakeToFunc(cty.Bool),
		"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"length":          lengthFunc,
		"join":            stdlib.JoinFunc,
		"split":           stdlib.SplitFunc,
		"replace":         stdlib.ReplaceFunc,
		"lower":           stdlib.LowerFunc,
		"upper":           stdlib.UpperFunc,
		"trimspace":       stdlib.TrimSpaceFunc,
		"trimprefix":      stdlib.TrimPrefixFunc,
		"trimsuffix":      stdlib.TrimSuffixFunc,
		"substr":          stdlib.SubstrFunc,
		"try":             tryFunc,
		"can":             canFunc,
		"coalesce":        stdlib.CoalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"element":         stdlib.ElementFunc,
		"flatten":         stdlib.FlattenFunc,
		"distinct":        stdlib.DistinctFunc,
		"contains":        stdlib.ContainsFunc,
		"keys":            stdlib.KeysFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,
		"compact":         stdlib.CompactFunc,
		"min":             stdlib.MinFunc,
		"max":             stdlib.MaxFunc,
		"range":           boundedRange,
		"setunion":        stdlib.SetUnionFunc,
		"slice":           stdlib.SliceFunc,
		"reverse":         stdlib.ReverseListFunc,
		"sort":            stdlib.SortFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"regex":           stdlib.RegexFunc,
		"regexall":        stdlib.RegexAllFunc,
		"title":           stdlib.TitleFunc,
		"trim":            stdlib.TrimFunc,
		"indent":          boundedIndent,
		"startswith":      startsWith,
		"endswith":        endsWith,
		"sensitive":       identityFunc,
		"nonsensitive":    identityFunc,
		"one":             oneFunc,
		"basename":        pathFunc(filepath.Base),
		"dirname":         pathFunc(filepath.Dir),
		"alltrue":         allAnyFunc(true),
		"anytrue":         allAnyFunc(false),
		"abs":             stdlib.AbsoluteFunc,
		"ceil":            stdlib.CeilFunc,
		"floor":           stdlib.FloorFunc,
		"signum":          stdlib.SignumFunc,
		"parseint":        stdlib.ParseIntFunc,
		"strrev":          stdlib.ReverseFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setproduct":      stdlib.SetProductFunc,
		"regexreplace":    stdlib.RegexReplaceFunc,
		"chomp":           stdlib.ChompFunc,
		"strcontains":     strContains,
	}
}

var strContains = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(strings.Contains(args[0].AsString(), args[1].AsString())), nil
	},
})

var startsWith = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(strings.HasPrefix(args[0].AsString(), args[1].AsString())), nil
	},
})

var endsWith = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "suffix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(strings.HasSuffix(args[0].AsString(), args[1].AsString())), nil
	},
})

// maxIndent bounds indent(): a huge count would build a string of that
// many spaces for each line.
const maxIndent = 1024

// boundedIndent is indent() that refuses more than maxIndent spaces.
var boundedIndent = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "spaces", Type: cty.Number}, {Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		if n, _ := args[0].AsBigFloat().Float64(); n > maxIndent {
			return cty.UnknownVal(retType), errors.New("indent too wide")
		}
		return stdlib.IndentFunc.Call(args)
	},
})

// maxRange bounds range(): a module's for_each over a huge range is not
// worth evaluating, and must not exhaust memory.
const maxRange = 256

// boundedRange is range() that refuses to build more than maxRange numbers.
var boundedRange = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "params", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.Number)),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		start, limit, step := 0.0, 0.0, 1.0
		nums := make([]float64, len(args))
		for i, a := range args {
			nums[i], _ = a.AsBigFloat().Float64()
		}
		switch len(nums) {
		case 1:
			limit = nums[0]
		case 2:
			start, limit = nums[0], nums[1]
		case 3:
			start, limit, step = nums[0], nums[1], nums[2]
		default:
			return cty.UnknownVal(retType), errors.New("range takes one to three numbers")
		}
		if step == 0 || (limit-start)/step > maxRange {
			return cty.UnknownVal(retType), errors.New("range too long")
		}
		return stdlib.RangeFunc.Call(args)
	},
})
