package cfn

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// header is a template whose last line is "ClusterName: " of cluster C; the
// cases append one expression to it.
const header = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  NoDefault:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: "a, b,c"
  FromSSM:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /app/name
  Count:
    Type: Number
    Default: 2
  MapDefault:
    Type: String
    Default: {a: b}
Mappings:
  Names:
    prod:
      Cluster: mapped-prod
      Env: !Ref Env
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Later: !Equals [!Ref NoDefault, x]
Resources:
  Repo:
    Type: AWS::ECR::Repository
  C:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: `

// nameLine is the line of "ClusterName:" in header.
var nameLine = strings.Count(header, "\n") + 1

// run parses and adapts src, failing the test on a parse error or an error
// diagnostic.
func run(t *testing.T, src string, params map[string]string) adapt.Result {
	t.Helper()
	f, err := tree.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	res := Adapt("t.yaml", f, Options{Params: params})
	for _, d := range res.Diagnostics {
		if d.Level == finding.LevelError {
			t.Fatalf("unexpected error diagnostic %s", d)
		}
	}
	return res
}

// single returns the one state of res.
func single(t *testing.T, res adapt.Result) *model.State {
	t.Helper()
	if len(res.States) != 1 {
		t.Fatalf("got %d states, want 1", len(res.States))
	}
	return res.States[0]
}

// withDefaults returns the state built with every parameter's default: the
// only state, or the one of the parameters' variants labelled with the
// defaults.
func withDefaults(t *testing.T, res adapt.Result) *model.State {
	t.Helper()
	if len(res.States) == 1 {
		return res.States[0]
	}
	for _, st := range res.States {
		if strings.HasPrefix(st.Variant, defaultPrefix) || strings.HasPrefix(st.Variant, defaultsPrefix) {
			return st
		}
	}
	t.Fatalf("no state with the parameters' defaults among %d", len(res.States))
	return nil
}

// lookup returns resource id of type T in st.
func lookup[T model.Resource](t *testing.T, st *model.State, id string) T {
	t.Helper()
	r, ok := st.Lookup(id).(T)
	if !ok {
		t.Fatalf("resource %s: got %T, want another type (variant %q)", id, st.Lookup(id), st.Variant)
	}
	return r
}

// value strips the position so values compare by content.
func value(s model.Str) model.Str {
	s.Pos = model.Pos{}
	return s
}

func known(v string) model.Str { return model.Str{P: model.Known, V: v} }

func unknownStr(partial string, refs ...model.Ref) model.Str {
	return model.Str{P: model.Unknown, Partial: partial, Refs: refs}
}

func TestIntrinsicStrings(t *testing.T) {
	const hole = tree.Hole
	tests := []struct {
		name   string
		expr   string
		params map[string]string
		want   model.Str
	}{
		{"literal", "plain", nil, known("plain")},
		{"Ref parameter default", "!Ref Env", nil, known("prod")},
		{"Ref long form", "{Ref: Env}", nil, known("prod")},
		{"Ref parameter overridden", "!Ref Env", map[string]string{"Env": "dev"}, known("dev")},
		{"Ref parameter without default", "!Ref NoDefault", nil, unknownStr("")},
		{"Ref parameter without default, overridden", "!Ref NoDefault", map[string]string{"NoDefault": "given"}, known("given")},
		{"Ref SSM parameter stays unknown", "!Ref FromSSM", map[string]string{"FromSSM": "/other"}, unknownStr("")},
		{"Ref number parameter", "!Ref Count", nil, known("2")},
		{"Ref parameter with a mapping default", "!Ref MapDefault", nil, unknownStr("")},
		{"Ref pseudo parameter", "!Ref AWS::Region", nil, unknownStr("")},
		{"Ref resource", "!Ref Repo", nil, unknownStr("", model.Ref{Target: "Repo"})},
		{"Ref undeclared", "!Ref Nowhere", nil, unknownStr("")},
		{"Ref NoValue removes the property", "!Ref AWS::NoValue", nil, model.Str{}},

		{"Sub parameter", `!Sub "${Env}-cluster"`, nil, known("prod-cluster")},
		{"Sub overridden parameter", `!Sub "${Env}-cluster"`, map[string]string{"Env": "qa"}, known("qa-cluster")},
		{"Sub literal escape", `!Sub "${!Literal}-${Env}"`, nil, known("${Literal}-prod")},
		{"Sub resource attribute", `!Sub "${Repo.Arn}"`, nil, unknownStr("", model.Ref{Target: "Repo", Attr: "Arn"})},
		{"Sub resource", `!Sub "${Repo}"`, nil, unknownStr("", model.Ref{Target: "Repo"})},
		{"Sub partly known", `!Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:latest"`, nil,
			unknownStr(hole + ".dkr.ecr." + hole + ".amazonaws.com/app:latest")},
		{"Sub attribute inside text", `!Sub "arn-${Repo.Arn}-x"`, nil, unknownStr("arn-"+hole+"-x", model.Ref{Target: "Repo", Attr: "Arn"})},
		{"Sub list form with variables", `!Sub ["${A}-${Env}", {A: !Ref Repo}]`, nil, unknownStr(hole+"-prod", model.Ref{Target: "Repo"})},
		{"Sub list form, variable shadows parameter", `!Sub ["${Env}", {Env: dev}]`, nil, known("dev")},
		{"Sub list form, known variable", `!Sub ["x-${A}", {A: !Select [1, !Ref Subnets]}]`, nil, known("x-b")},
		{"Sub long form", `{"Fn::Sub": "${Env}"}`, nil, known("prod")},
		{"Sub long list form", `{"Fn::Sub": ["${X}", {"X": "y"}]}`, nil, known("y")},
		{"Sub unterminated", `!Sub "a-${Env"`, nil, known("a-${Env")},
		{"Sub of unknown template", `!Sub [!Ref NoDefault, {}]`, nil, unknownStr("")},
		{"Sub empty list", `!Sub []`, nil, unknownStr("")},

		{"GetAtt dotted", "!GetAtt Repo.Arn", nil, unknownStr("", model.Ref{Target: "Repo", Attr: "Arn"})},
		{"GetAtt dotted nested attribute", "!GetAtt Repo.Endpoint.Address", nil, unknownStr("", model.Ref{Target: "Repo", Attr: "Endpoint.Address"})},
		{"GetAtt list", "!GetAtt [Repo, Arn]", nil, unknownStr("", model.Ref{Target: "Repo", Attr: "Arn"})},
		{"GetAtt long form", `{"Fn::GetAtt": ["Repo", "RepositoryUri"]}`, nil, unknownStr("", model.Ref{Target: "Repo", Attr: "RepositoryUri"})},
		{"GetAtt malformed", "!GetAtt [Repo]", nil, unknownStr("")},

		{"If true", "!If [IsProd, yes, no]", nil, known("yes")},
		{"If false", "!If [IsDev, yes, no]", nil, known("no")},
		{"If follows overrides", "!If [IsProd, yes, no]", map[string]string{"Env": "dev"}, known("no")},
		{"If to NoValue", "!If [IsProd, !Ref AWS::NoValue, no]", nil, model.Str{}},
		{"If long form", `{"Fn::If": ["IsProd", {"Ref": "Env"}, "no"]}`, nil, known("prod")},
		{"If malformed", "!If [IsProd, yes]", nil, unknownStr("")},

		{"Join known", `!Join ["-", [a, !Ref Env, c]]`, nil, known("a-prod-c")},
		{"Join parameter list", `!Join ["+", !Ref Subnets]`, nil, known("a+b+c")},
		{"Join partly known", `!Join ["/", [!Ref AWS::Region, x]]`, nil, unknownStr(hole + "/x")},
		{"Join single reference", `!Join ["", [!Ref Repo]]`, nil, unknownStr("", model.Ref{Target: "Repo"})},
		{"Join unknown list", `!Join [",", !GetAZs ""]`, nil, unknownStr("")},
		{"Join malformed", `!Join [","]`, nil, unknownStr("")},
		{"Join of a partly known Sub", `!Join ["-", [!Sub "${AWS::Region}x", !Ref Env]]`, nil, unknownStr(hole + "x-prod")},
		{"Sub of a partly known variable", `!Sub ["${A}/app", {A: !Sub "${AWS::AccountId}.dkr"}]`, nil, unknownStr(hole + ".dkr/app")},

		{"Select from literal list", "!Select [1, [x, y, z]]", nil, known("y")},
		{"Select index as string", `!Select ["0", [x, y]]`, nil, known("x")},
		{"Select from parameter list", "!Select [2, !Ref Subnets]", nil, known("c")},
		{"Select from Split", `!Select [1, !Split [":", "a:b:c"]]`, nil, known("b")},
		{"Select out of range", "!Select [5, [x]]", nil, unknownStr("")},
		{"Select negative", "!Select [-1, [x]]", nil, unknownStr("")},
		{"Select from GetAZs", `!Select [0, !GetAZs ""]`, nil, unknownStr("")},

		{"FindInMap", "!FindInMap [Names, !Ref Env, Cluster]", nil, known("mapped-prod")},
		{"FindInMap value is evaluated", "!FindInMap [Names, prod, Env]", map[string]string{"Env": "x"}, known("x")},
		{"FindInMap missing", "!FindInMap [Names, dev, Cluster]", nil, unknownStr("")},
		{"FindInMap missing with DefaultValue", "!FindInMap [Names, dev, Cluster, {DefaultValue: fallback}]", nil, known("fallback")},
		{"FindInMap unknown key", "!FindInMap [Names, !Ref NoDefault, Cluster]", nil, unknownStr("")},
		{"FindInMap malformed", "!FindInMap [Names, prod]", nil, unknownStr("")},

		{"Equals as a value", "!Equals [!Ref Env, prod]", nil, known("true")},
		{"Equals of equal mappings", "!Equals [{a: 1, b: [x]}, {b: [x], a: 1}]", nil, known("true")},
		{"Equals of different mappings", "!Equals [{a: 1}, {b: 1}]", nil, known("false")},
		{"Not as a value", "!Not [!Equals [!Ref Env, prod]]", nil, known("false")},
		{"Condition as a value", "!Condition IsDev", nil, known("false")},
		{"Equals with unknown input", "!Equals [!Ref NoDefault, prod]", nil, unknownStr("")},

		{"Base64 keeps the text", "!Base64 echo hi", nil, known("echo hi")},
		{"Base64 of Sub", `!Base64 {"Fn::Sub": "env=${Env}"}`, nil, known("env=prod")},
		{"ImportValue", "!ImportValue shared-cluster", nil, unknownStr("")},
		{"ImportValue keeps references", `!ImportValue {"Fn::Sub": "${Repo}-name"}`, nil, unknownStr("", model.Ref{Target: "Repo"})},
		{"GetAZs", `!GetAZs ""`, nil, unknownStr("")},
		{"Cidr", `!Cidr ["10.0.0.0/16", 4, 8]`, nil, unknownStr("")},
		{"Transform", `{"Fn::Transform": {"Name": "X"}}`, nil, unknownStr("")},
		{"Length", "!Length [a, b, c]", nil, known("3")},
		{"Length of unknown", `{"Fn::Length": {"Fn::GetAZs": ""}}`, nil, unknownStr("")},
		{"Ref of computed name", "!Ref [a]", nil, unknownStr("")},
		{"object where a string belongs", "{Key: Value}", nil, unknownStr("")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, header+tc.expr+"\n", tc.params)
			c := lookup[*model.ECSCluster](t, withDefaults(t, res), "C")
			if got := value(c.Name); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ClusterName: %s\n got %#v\nwant %#v", tc.expr, got, tc.want)
			}
			if tc.want.P != model.Absent && c.Name.Pos.Line != nameLine {
				t.Errorf("ClusterName at line %d, want %d", c.Name.Pos.Line, nameLine)
			}
		})
	}
}

// TestShortAndLongFormsAgree checks that a YAML template with short-form
// tags and its JSON long-form twin give the same values.
func TestShortAndLongFormsAgree(t *testing.T) {
	short := `Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Repo: {Type: AWS::ECR::Repository}
  A: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !Ref Env}}
  B: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !Sub "${Env}-b"}}
  D: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !GetAtt Repo.Arn}}
  E: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [IsProd, !Join ["-", [e, !Ref Env]], none]}}
  F: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !Select [0, !Split [",", "f,g"]]}}
`
	long := `{
  "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
  "Resources": {
    "Repo": {"Type": "AWS::ECR::Repository"},
    "A": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Ref": "Env"}}},
    "B": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Fn::Sub": "${Env}-b"}}},
    "D": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Fn::GetAtt": ["Repo", "Arn"]}}},
    "E": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Fn::If": ["IsProd", {"Fn::Join": ["-", ["e", {"Ref": "Env"}]]}, "none"]}}},
    "F": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": {"Fn::Select": [0, {"Fn::Split": [",", "f,g"]}]}}}
  }
}`
	want := map[string]model.Str{
		"A": known("prod"),
		"B": known("prod-b"),
		"D": unknownStr("", model.Ref{Target: "Repo", Attr: "Arn"}),
		"E": known("e-prod"),
		"F": known("f"),
	}
	for name, src := range map[string]string{"short": short, "long": long} {
		st := withDefaults(t, run(t, src, nil))
		for id, w := range want {
			c := lookup[*model.ECSCluster](t, st, id)
			if got := value(c.Name); !reflect.DeepEqual(got, w) {
				t.Errorf("%s form, %s: got %#v, want %#v", name, id, got, w)
			}
		}
	}
}

func TestIntrinsicLists(t *testing.T) {
	const tmpl = `Parameters:
  Compat:
    Type: CommaDelimitedList
    Default: "EC2, FARGATE"
  Typed:
    Type: List<String>
    Default: x,y
  Empty:
    Type: CommaDelimitedList
Resources:
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: `
	line := strings.Count(tmpl, "\n") + 1
	tests := []struct {
		expr   string
		params map[string]string
		want   []string // nil: the list is unknown
	}{
		{"[EC2, FARGATE]", nil, []string{"EC2", "FARGATE"}},
		{"!Ref Compat", nil, []string{"EC2", "FARGATE"}},
		{"!Ref Compat", map[string]string{"Compat": "EXTERNAL"}, []string{"EXTERNAL"}},
		{"!Ref Typed", nil, []string{"x", "y"}},
		{`!Split [",", "EC2,FARGATE"]`, nil, []string{"EC2", "FARGATE"}},
		{"[EC2, !Ref AWS::NoValue]", nil, []string{"EC2"}},
		{"[!Ref AWS::Region, FARGATE]", nil, []string{"\x01", "FARGATE"}},
		{`!GetAZs ""`, nil, nil},
		{"!Ref Empty", nil, nil},
		{`!Split [",", !Ref AWS::Region]`, nil, nil},
		{`!Split ["", "abc"]`, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			st := single(t, run(t, tmpl+tc.expr+"\n", tc.params))
			td := lookup[*model.TaskDefinition](t, st, "T")
			l := td.RequiresCompatibilities
			if l.Pos.Line != line {
				t.Errorf("list at line %d, want %d", l.Pos.Line, line)
			}
			if tc.want == nil {
				if l.P != model.Unknown {
					t.Errorf("got %+v, want an unknown list", l)
				}
				return
			}
			if l.P != model.Known || len(l.Items) != len(tc.want) {
				t.Fatalf("got %+v, want %q", l, tc.want)
			}
			for i, w := range tc.want {
				it := l.Items[i]
				if w == "\x01" {
					if it.P != model.Unknown {
						t.Errorf("item %d: got %+v, want unknown", i, it)
					}
				} else if !it.Is(w) {
					t.Errorf("item %d: got %+v, want %q", i, it, w)
				}
				// Values from parameters point at the property, not the default.
				if it.Pos.Line != line {
					t.Errorf("item %d at line %d, want %d", i, it.Pos.Line, line)
				}
			}
		})
	}
}

func TestConditionLogic(t *testing.T) {
	src := `Parameters:
  Env: {Type: String, Default: prod}
  Free: {Type: String}
  Tiers: {Type: CommaDelimitedList, Default: "a,b"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  NotProd: !Not [!Condition IsProd]
  NotUnknown: !Not [!Equals [!Ref Free, x]]
  FreeX: !Equals [!Ref Free, x]
  BothTrue: !And [!Condition IsProd, !Not [!Condition IsDev]]
  AndFalseShortCircuits: !And [!Condition FreeX, !Condition IsDev]
  AndUnknown: !And [!Condition IsProd, !Condition FreeX]
  OrTrueShortCircuits: !Or [!Condition FreeX, !Condition IsProd]
  OrUnknown: !Or [!Condition FreeX, !Condition IsDev]
  OrFalse: !Or [!Condition IsDev, !Condition NotProd]
  NumberEqualsString: !Equals [1, "1"]
  ListsEqual: !Equals [!Ref Tiers, [a, b]]
  ListsDiffer: !Equals [!Ref Tiers, [a]]
  LongForm: {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "a"]}]}
  Cycle1: !Condition Cycle2
  Cycle2: !Condition Cycle1
  Undeclared: !Condition Nowhere
  Literal: true
  NotMalformed: !Not [a, b]
  EqualsMalformed: !Equals [a]
  FromIf: !Equals [!If [IsProd, p, d], p]
  FromMap: !FindInMap [Flags, !Ref Env, On]
  FromMapUnknown: !FindInMap [Flags, !Ref Free, On]
  NullsEqual: !Equals [~, ~]
  ItemsDiffer: !Equals [[a, b], [a, c]]
  NullAndValue: !Equals [~, a]
Mappings:
  Flags:
    prod: {On: "true"}
Resources: {}
`
	f, err := tree.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var res adapt.Result
	e := newEvaluator(f.Docs[0], Options{}, &res, "t.yaml")
	want := map[string]tri{
		"IsProd": triTrue, "IsDev": triFalse, "NotProd": triFalse, "NotUnknown": triUnknown, "FreeX": triUnknown,
		"BothTrue": triTrue, "AndFalseShortCircuits": triFalse, "AndUnknown": triUnknown,
		"OrTrueShortCircuits": triTrue, "OrUnknown": triUnknown, "OrFalse": triFalse,
		"NumberEqualsString": triTrue, "ListsEqual": triTrue, "ListsDiffer": triFalse, "LongForm": triTrue,
		"Cycle1": triUnknown, "Cycle2": triUnknown, "Undeclared": triUnknown, "Literal": triTrue,
		"NotMalformed": triUnknown, "EqualsMalformed": triUnknown, "FromIf": triTrue, "Nowhere": triUnknown,
		"FromMap": triTrue, "FromMapUnknown": triUnknown, "NullsEqual": triTrue, "ItemsDiffer": triFalse, "NullAndValue": triFalse,
	}
	for name, w := range want {
		if got := e.cond(name); got != w {
			t.Errorf("condition %s = %d, want %d", name, got, w)
		}
	}
	// Forcing an unknown condition settles the conditions built on it.
	e.reset(map[string]bool{"FreeX": true})
	for name, w := range map[string]tri{"FreeX": triTrue, "AndUnknown": triTrue, "OrUnknown": triTrue, "NotUnknown": triUnknown} {
		if got := e.cond(name); got != w {
			t.Errorf("with FreeX=true: condition %s = %d, want %d", name, got, w)
		}
	}
}

func TestUnknownConditionVariants(t *testing.T) {
	src := `Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasLogs: !Equals [!Ref Env, logs]
Resources:
  C:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !If [IsProd, prod-cluster, !If [HasLogs, logs-cluster, other]]
  OnlyProd:
    Type: AWS::ECS::Cluster
    Condition: IsProd
    Properties:
      ClusterName: p
`
	res := run(t, src, nil)
	type want struct {
		variant  string
		name     string
		onlyProd bool
	}
	wants := []want{
		{"HasLogs=false, IsProd=false", "other", false},
		{"HasLogs=true, IsProd=false", "logs-cluster", false},
		{"HasLogs=false, IsProd=true", "prod-cluster", true},
		{"HasLogs=true, IsProd=true", "prod-cluster", true},
	}
	if len(res.States) != len(wants) {
		t.Fatalf("got %d states, want %d", len(res.States), len(wants))
	}
	for i, w := range wants {
		st := res.States[i]
		if st.Variant != w.variant {
			t.Errorf("state %d: variant %q, want %q", i, st.Variant, w.variant)
		}
		if c := lookup[*model.ECSCluster](t, st, "C"); !c.Name.Is(w.name) {
			t.Errorf("%s: ClusterName %+v, want %q", st.Variant, c.Name, w.name)
		}
		if got := st.Lookup("OnlyProd") != nil; got != w.onlyProd {
			t.Errorf("%s: OnlyProd present = %t, want %t", st.Variant, got, w.onlyProd)
		}
	}

	// A --param settles the conditions: one state, no variant.
	st := single(t, run(t, src, map[string]string{"Env": "logs"}))
	if st.Variant != "" {
		t.Errorf("variant %q, want none", st.Variant)
	}
	if c := lookup[*model.ECSCluster](t, st, "C"); !c.Name.Is("logs-cluster") {
		t.Errorf("ClusterName %+v, want logs-cluster", c.Name)
	}
	if st.Lookup("OnlyProd") != nil {
		t.Error("OnlyProd is present though its condition is false")
	}
}

func TestTooManyUnknownConditions(t *testing.T) {
	src := `Parameters:
  P: {Type: String}
Conditions:
  A: !Equals [!Ref P, a]
  B: !Equals [!Ref P, b]
  C: !Equals [!Ref P, c]
  D: !Equals [!Ref P, d]
Resources:
  R1: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [A, a, x]}}
  R2: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [B, b, x]}}
  R3: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [C, c, x]}}
  R4: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [D, d, x]}}
`
	res := run(t, src, nil)
	if len(res.States) != 1<<MaxVariantConditions {
		t.Fatalf("got %d states, want %d", len(res.States), 1<<MaxVariantConditions)
	}
	var noted bool
	for _, d := range res.Diagnostics {
		if d.Level == finding.LevelNotice && strings.Contains(d.Message, "4 conditions cannot be evaluated") && strings.Contains(d.Message, "A, B, C, D") {
			noted = true
		}
	}
	if !noted {
		t.Errorf("no notice about the conditions left out: %v", res.Diagnostics)
	}
	for _, st := range res.States {
		if strings.Contains(st.Variant, "D=") {
			t.Errorf("variant %q enumerates D", st.Variant)
		}
		if n := lookup[*model.ECSCluster](t, st, "R4").Name; n.P != model.Unknown {
			t.Errorf("%s: R4 name %+v, want unknown", st.Variant, n)
		}
		if n := lookup[*model.ECSCluster](t, st, "R1").Name; !n.Known() {
			t.Errorf("%s: R1 name %+v, want known", st.Variant, n)
		}
	}
}

func TestResourceConditions(t *testing.T) {
	src := `Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Always: {Type: AWS::ECS::Cluster}
  Prod: {Type: AWS::ECS::Cluster, Condition: IsProd}
  Dev: {Type: AWS::ECS::Cluster, Condition: IsDev}
  Undeclared: {Type: AWS::ECS::Cluster, Condition: Nowhere}
`
	// Env's default is not a fixed value: without --param, the template
	// is also judged with Env=dev and with any other value.
	tests := []struct {
		params  map[string]string
		variant string
		present []string
		absent  []string
	}{
		{nil, "the default Env=prod", []string{"Always", "Prod"}, []string{"Dev"}},
		{nil, "IsDev and IsProd: Env=dev", []string{"Always", "Dev"}, []string{"Prod"}},
		{nil, "IsProd: Env other than prod or dev", []string{"Always"}, []string{"Prod", "Dev"}},
		{map[string]string{"Env": "dev"}, "", []string{"Always", "Dev"}, []string{"Prod"}},
	}
	for _, tc := range tests {
		res := run(t, src, tc.params)
		// An undeclared condition is warned about and its resource left out.
		want := 1
		if tc.params == nil {
			want = 3
		}
		if len(res.States) != want {
			t.Fatalf("params %v: got %d states, want %d", tc.params, len(res.States), want)
		}
		var states []*model.State
		for _, st := range res.States {
			if st.Variant == tc.variant {
				states = append(states, st)
			}
		}
		if len(states) != 1 {
			t.Fatalf("params %v: no state %q", tc.params, tc.variant)
		}
		warned := false
		for _, d := range res.Diagnostics {
			warned = warned || strings.Contains(d.Message, "condition Nowhere is used but not declared")
		}
		if !warned {
			t.Errorf("params %v: no warning about the undeclared condition: %v", tc.params, res.Diagnostics)
		}
		for _, st := range states {
			for _, id := range tc.present {
				if st.Lookup(id) == nil {
					t.Errorf("params %v, %s: %s missing", tc.params, st.Variant, id)
				}
			}
			for _, id := range tc.absent {
				if st.Lookup(id) != nil {
					t.Errorf("params %v, %s: %s present", tc.params, st.Variant, id)
				}
			}
			if st.Lookup("Undeclared") != nil {
				t.Errorf("%s: Undeclared present", st.Variant)
			}
		}
	}
}
