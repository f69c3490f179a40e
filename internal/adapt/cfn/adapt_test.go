package cfn

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

func TestLooksLikeAndIsTemplate(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		looksLike bool
		is        bool
	}{
		{"version only", "AWSTemplateFormatVersion: '2010-09-09'\n", true, true},
		{"resources of AWS types", "Resources:\n  X:\n    Type: AWS::S3::Bucket\n", true, true},
		{"custom resources", "Resources:\n  X:\n    Type: Custom::Thing\n", false, true},
		{"JSON", `{"Resources": {"X": {"Type": "AWS::ECS::Cluster"}}}`, true, true},
		{"other types only", "Resources:\n  X:\n    Type: Other::Thing\n  AWS::: 1\n", true, false},
		{"resources not a mapping", "Resources: [AWS::S3::Bucket]\n", true, false},
		{"kubernetes", "apiVersion: v1\nkind: Pod\n", false, false},
		{"list document", "- AWSTemplateFormatVersion\n", true, false},
		{"task definition", `{"family": "x", "containerDefinitions": []}`, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := LooksLikeTemplate([]byte(tc.src)); got != tc.looksLike {
				t.Errorf("LooksLikeTemplate = %t, want %t", got, tc.looksLike)
			}
			f, err := tree.Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := IsTemplate(f.Docs[0]); got != tc.is {
				t.Errorf("IsTemplate = %t, want %t", got, tc.is)
			}
		})
	}
	if IsTemplate(nil) {
		t.Error("IsTemplate(nil) = true")
	}
}

// diag finds a diagnostic of a level whose message contains text.
func diag(res adapt.Result, level, text string) (finding.Diagnostic, bool) {
	for _, d := range res.Diagnostics {
		if d.Level == level && strings.Contains(d.Message, text) {
			return d, true
		}
	}
	return finding.Diagnostic{}, false
}

func TestAdaptDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		level  string
		text   string
		line   int
		states int
	}{
		{"empty", "# only a comment\n", finding.LevelError, "empty template", 1, 0},
		{"no resources", "AWSTemplateFormatVersion: '2010-09-09'\n", finding.LevelWarning, "no Resources", 1, 1},
		{"empty resources", "AWSTemplateFormatVersion: '2010-09-09'\n# all resources commented out\nResources:\n\nOutputs:\n", finding.LevelWarning, "Resources is empty", 3, 1},
		{"resources a list", "AWSTemplateFormatVersion: x\nResources:\n  - a\n", finding.LevelError, "Resources is a sequence", 3, 1},
		{"resource a scalar", "Resources:\n  C: {Type: AWS::ECS::Cluster}\n  Bad: oops\n", finding.LevelWarning, "resource Bad is a scalar", 3, 1},
		{"properties a list", "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties:\n      - a\n", finding.LevelWarning, "Properties of C is a sequence", 5, 1},
		{"second document", "Resources:\n  C: {Type: AWS::ECS::Cluster}\n---\nResources: {}\n", finding.LevelWarning, "one YAML document", 4, 1},
		{"duplicate key", "Resources:\n  C: {Type: AWS::ECS::Cluster}\n  C: {Type: AWS::ECS::Cluster}\n", finding.LevelWarning, `duplicate key "C"`, 3, 1},
		{"ForEach", "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - T\n    - [a, b]\n    - {}\n  C: {Type: AWS::ECS::Cluster}\n",
			finding.LevelNotice, "Fn::ForEach loop Topics is not expanded", 3, 1},
		{"null list item", "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - # TODO\n        - {IpProtocol: tcp, CidrIp: 0.0.0.0/0}\n",
			finding.LevelWarning, "empty list item", 6, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tree.Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			res := Adapt("t.yaml", f, Options{})
			d, ok := diag(res, tc.level, tc.text)
			if !ok {
				t.Fatalf("no %s containing %q in %v", tc.level, tc.text, res.Diagnostics)
			}
			if d.Pos.Line != tc.line || d.Pos.File != "t.yaml" {
				t.Errorf("diagnostic at %s:%d, want t.yaml:%d", d.Pos.File, d.Pos.Line, tc.line)
			}
			if len(res.States) != tc.states {
				t.Errorf("got %d states, want %d", len(res.States), tc.states)
			}
		})
	}
}

func TestNullListItemSkipped(t *testing.T) {
	src := `Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - # TODO
        - {IpProtocol: tcp, CidrIp: 0.0.0.0/0, FromPort: 22, ToPort: 22}
`
	st := single(t, run(t, src, nil))
	sg := lookup[*model.SecurityGroup](t, st, "SG")
	if len(sg.Ingress) != 1 {
		t.Fatalf("got %d ingress rules, want 1 (the null item skipped)", len(sg.Ingress))
	}
	if !sg.Ingress[0].CIDRv4.Is("0.0.0.0/0") || sg.Ingress[0].Pos.Line != 7 {
		t.Errorf("ingress %+v, want 0.0.0.0/0 at line 7", sg.Ingress[0])
	}
}

func TestUnresolvableIntrinsicsGiveUnknowns(t *testing.T) {
	// Every one of these is malformed or resolvable only at deploy time; none
	// may produce an error diagnostic or a known value.
	exprs := []string{
		"!Ref [a, b]", "!Ref {X: 1}", "!GetAtt 42", "!GetAtt [a, b, c]", "!Sub [[a], {}]", "!Sub {A: b}",
		"!Join x", "!Join [1, 2, 3]", "!Select x", "!Select [a, [b]]", "!Split x", "!FindInMap x",
		"!FindInMap [Nope, a, b]", "!If x", "!If [[a], b, c]", "!ImportValue [a]", "!GetAZs [a]",
		"!Cidr x", "!Transform {Name: X}", "!ToJsonString {a: b}", "{Fn::NewThing: [a]}",
		"!Sub \"${Undeclared}\"",
	}
	for _, expr := range exprs {
		t.Run(expr, func(t *testing.T) {
			res := run(t, header+expr+"\n", nil)
			c := lookup[*model.ECSCluster](t, single(t, res), "C")
			if c.Name.P != model.Unknown {
				t.Errorf("ClusterName %+v, want unknown", c.Name)
			}
		})
	}
}

func TestDeepIntrinsicNestingBounded(t *testing.T) {
	expr := strings.Repeat("{Fn::Base64: ", 200) + "x" + strings.Repeat("}", 200)
	res := run(t, header+expr+"\n", nil)
	c := lookup[*model.ECSCluster](t, single(t, res), "C")
	if !c.Name.Is("x") {
		t.Errorf("ClusterName %+v, want x", c.Name)
	}
}

func TestSAMAndLanguageExtensions(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Globals:
  Function: {Timeout: 3}
Parameters:
  Env: {Type: String, Default: prod}
Mappings:
  M:
    prod: {Name: from-map}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: x, Runtime: python3.12}
  Api:
    Type: AWS::Serverless::Api
  Fn::ForEach::Queues:
    - Q
    - [a, b]
    - Queue${Q}: {Type: AWS::SQS::Queue}
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: !FindInMap [M, !Ref Env, Name, {DefaultValue: dflt}]
      ImageScanningConfiguration:
        ScanOnPush: !Equals [!Ref Env, prod]
  Other:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: !FindInMap [M, staging, Name, {DefaultValue: dflt}]
`
	res := run(t, src, nil)
	st := single(t, res)
	if n := len(st.Resources); n != 2 {
		t.Errorf("got %d resources, want the 2 plain AWS:: ones", n)
	}
	repo := lookup[*model.ECRRepository](t, st, "Repo")
	if !repo.Name.Is("from-map") {
		t.Errorf("Repo name %+v, want from-map", repo.Name)
	}
	if !repo.ScanOnPush.True() || repo.ScanOnPush.Pos.Line != 25 {
		t.Errorf("ScanOnPush %+v, want true at line 25", repo.ScanOnPush)
	}
	if other := lookup[*model.ECRRepository](t, st, "Other"); !other.Name.Is("dflt") {
		t.Errorf("Other name %+v, want dflt", other.Name)
	}
	if _, ok := diag(res, finding.LevelNotice, "Fn::ForEach loop Queues"); !ok {
		t.Errorf("no notice for the ForEach loop: %v", res.Diagnostics)
	}
	if repo.Pos.Line != 20 || repo.Pos.Col != 3 {
		t.Errorf("Repo declared at %d:%d, want 20:3", repo.Pos.Line, repo.Pos.Col)
	}
}

func TestContainerDefinitions(t *testing.T) {
	tests := []struct {
		name       string
		defs       string
		containers int
		unknown    bool
		privileged bool
		image      model.Str
	}{
		{"YAML list", "\n        - {Name: app, Image: nginx:1.27, Privileged: true}", 1, false, true, known("nginx:1.27")},
		{"JSON string", `'[{"Name": "app", "Image": "nginx:1.27", "Privileged": true}]'`, 1, false, true, known("nginx:1.27")},
		{"JSON string, camelCase", `'[{"name": "app", "image": "busybox", "privileged": false}]'`, 1, false, false, known("busybox")},
		{"image from Sub", "\n        - {Name: app, Image: !Sub \"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:v1\"}", 1, false, false,
			unknownStr(tree.Hole + ".dkr.ecr." + tree.Hole + ".amazonaws.com/app:v1")},
		{"image from resource", "\n        - {Name: app, Image: !GetAtt Repo.RepositoryUri}", 1, false, false,
			unknownStr("", model.Ref{Target: "Repo", Attr: "RepositoryUri"})},
		{"JSON string built with Sub", `!Sub '[{"Name": "app", "Image": "${Repo}:latest"}]'`, 1, false, false,
			unknownStr(tree.Hole+":latest", model.Ref{Target: "Repo"})},
		{"imported", "!ImportValue defs", 0, true, false, model.Str{}},
		{"not JSON", "'nginx'", 0, false, false, model.Str{}},
		{"broken JSON", `'[{"Name": '`, 0, false, false, model.Str{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := `Resources:
  Repo: {Type: AWS::ECR::Repository}
  T:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions: ` + tc.defs + "\n"
			td := lookup[*model.TaskDefinition](t, single(t, run(t, src, nil)), "T")
			if len(td.Containers) != tc.containers || td.ContainersUnknown != tc.unknown {
				t.Fatalf("got %d containers (unknown %t), want %d (unknown %t)", len(td.Containers), td.ContainersUnknown, tc.containers, tc.unknown)
			}
			if td.ContainersPos.Line != 6 {
				t.Errorf("ContainerDefinitions at line %d, want 6", td.ContainersPos.Line)
			}
			if tc.containers == 0 {
				return
			}
			c := td.Containers[0]
			if c.Privileged.True() != tc.privileged {
				t.Errorf("Privileged %+v, want %t", c.Privileged, tc.privileged)
			}
			if got := value(c.Image); !reflect.DeepEqual(got, tc.image) {
				t.Errorf("Image %#v, want %#v", got, tc.image)
			}
			if !c.Name.Is("app") {
				t.Errorf("Name %+v, want app", c.Name)
			}
			if c.Image.Pos.Line < 6 || c.Image.Pos.Line > 7 {
				t.Errorf("Image at line %d, want 6 or 7", c.Image.Pos.Line)
			}
		})
	}
}

func TestMetadataIgnores(t *testing.T) {
	src := `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Metadata:
      shipshape:
        ignore:
          - id: ecr/scan-on-push
            reason: scanned by the registry
          - ecr/tag-immutability
      checkov:
        skip:
          - id: CKV_AWS_163
            comment: registry scanning
      cfn_nag:
        rules_to_suppress:
          - id: W79
            reason: not needed
          - reason: no id
  Plain:
    Type: AWS::ECR::Repository
    Metadata: {cfn-lint: {config: {}}}
`
	st := single(t, run(t, src, nil))
	got := lookup[*model.ECRRepository](t, st, "Repo").Ignores
	pos := func(line int) model.Pos { return model.Pos{File: "t.yaml", Line: line} }
	want := []model.Ignore{
		{RuleID: "ecr/scan-on-push", Reason: "scanned by the registry", Source: "metadata", Pos: pos(7)},
		{RuleID: "ecr/tag-immutability", Source: "metadata", Pos: pos(9)},
		{RuleID: "CKV_AWS_163", Reason: "registry scanning", Source: "checkov", Pos: pos(12)},
		{RuleID: "W79", Reason: "not needed", Source: "cfn-nag", Pos: pos(16)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ignores\n got %+v\nwant %+v", got, want)
	}
	if ig := lookup[*model.ECRRepository](t, st, "Plain").Ignores; len(ig) != 0 {
		t.Errorf("Plain has ignores %+v", ig)
	}
}

func TestCommentsCarried(t *testing.T) {
	src := "Resources:\n  # shipshape:ignore ecr/scan-on-push -- test\n  Repo: {Type: AWS::ECR::Repository, Properties: {RepositoryName: 'a#b'}} # trailing\n"
	res := run(t, src, nil)
	want := []adapt.Comment{
		{Pos: model.Pos{File: "t.yaml", Line: 2}, Text: "# shipshape:ignore ecr/scan-on-push -- test"},
		{Pos: model.Pos{File: "t.yaml", Line: 3}, Text: "# trailing"},
	}
	if !reflect.DeepEqual(res.Comments, want) {
		t.Errorf("comments\n got %+v\nwant %+v", res.Comments, want)
	}
}

func TestResourceRefsLinkInState(t *testing.T) {
	src := `Resources:
  Cluster: {Type: AWS::ECS::Cluster}
  Svc:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref Task
  Task: {Type: AWS::ECS::TaskDefinition}
`
	st := single(t, run(t, src, nil))
	svc := lookup[*model.ECSService](t, st, "Svc")
	if c, ok := model.Target[*model.ECSCluster](st, svc.Cluster, nil); !ok || c.ID != "Cluster" {
		t.Errorf("Cluster %+v does not lead to the cluster", svc.Cluster)
	}
	// A reference to a resource declared later still names it.
	if r, ok := svc.TaskDefinition.Ref(); !ok || r.Target != "Task" {
		t.Errorf("TaskDefinition %+v, want a reference to Task", svc.TaskDefinition)
	}
}

func TestWholePropertiesFromIf(t *testing.T) {
	src := `Parameters:
  Env: {Type: String, Default: prod}
  Free: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  FreeX: !Equals [!Ref Free, x]
Resources:
  A:
    Type: AWS::ECS::Cluster
    Properties: !If [IsProd, {ClusterName: prod}, !Ref AWS::NoValue]
  B:
    Type: AWS::ECS::Cluster
    Properties: !If [FreeX, {ClusterName: x}, {ClusterName: other}]
`
	// Without parameters, both values of FreeX (no default), each with
	// Env's default and with another Env; one state when --param settles
	// both.
	tests := []struct {
		variant string
		a, b    model.Str
	}{
		{"FreeX=false, the default Env=prod", known("prod"), known("other")},
		{"FreeX=true, the default Env=prod", known("prod"), known("x")},
		{"FreeX=true, IsProd: Env other than prod", model.Str{}, known("x")},
		{"", model.Str{}, known("x")},
	}
	results := map[string]*model.State{}
	for _, params := range []map[string]string{nil, {"Env": "dev", "Free": "x"}} {
		for _, st := range run(t, src, params).States {
			results[st.Variant] = st
		}
	}
	for _, tc := range tests {
		st := results[tc.variant]
		if st == nil {
			t.Fatalf("no state for variant %q", tc.variant)
		}
		if got := value(lookup[*model.ECSCluster](t, st, "A").Name); !reflect.DeepEqual(got, tc.a) {
			t.Errorf("%q: A name %+v, want %+v", tc.variant, got, tc.a)
		}
		if got := value(lookup[*model.ECSCluster](t, st, "B").Name); !reflect.DeepEqual(got, tc.b) {
			t.Errorf("%q: B name %+v, want %+v", tc.variant, got, tc.b)
		}
	}
}

// TestParameterDefaultsAreNotFixed checks that conditions on parameters
// with a default are judged off the default too, one parameter at a time,
// within AllowedValues, unless --param fixes them; and that past
// MaxParamVariants the others are named in a notice.
func TestParameterDefaultsAreNotFixed(t *testing.T) {
	src := `Parameters:
  Registry: {Type: String, Default: crowdstrike, AllowedValues: [crowdstrike, ecr, quay]}
  Cert: {Type: String, Default: ""}
Conditions:
  UseECR: !Equals [!Ref Registry, ecr]
  HasCert: !Not [!Equals [!Ref Cert, ""]]
Resources:
  A: {Type: AWS::ECS::Cluster, Condition: UseECR}
  B: {Type: AWS::ECS::Cluster, Condition: HasCert}
`
	variants := func(res adapt.Result) []string {
		var out []string
		for _, st := range res.States {
			out = append(out, st.Variant)
		}
		return out
	}
	// quay gives the same conditions as the default: no state of its own.
	want := []string{"the defaults Cert=\"\" and Registry=crowdstrike", "HasCert: Cert other than \"\"", "UseECR: Registry=ecr"}
	if got := variants(run(t, src, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("variants %q, want %q", got, want)
	}
	if got := variants(run(t, src, map[string]string{"Registry": "ecr", "Cert": ""})); !reflect.DeepEqual(got, []string{""}) {
		t.Errorf("with --param: variants %q, want one state", got)
	}
	many := "Parameters:\n"
	conds := "Conditions:\n"
	res := "Resources:\n"
	for i := 0; i < MaxParamVariants+2; i++ {
		many += fmt.Sprintf("  P%d: {Type: String, Default: \"no\"}\n", i)
		conds += fmt.Sprintf("  C%d: !Equals [!Ref P%d, \"yes\"]\n", i, i)
		res += fmt.Sprintf("  R%d: {Type: AWS::ECS::Cluster, Condition: C%d}\n", i, i)
	}
	r := run(t, many+conds+res, nil)
	if len(r.States) != MaxParamVariants+1 {
		t.Errorf("%d states, want %d", len(r.States), MaxParamVariants+1)
	}
	noted := false
	for _, d := range r.Diagnostics {
		noted = noted || (d.Level == finding.LevelNotice && strings.Contains(d.Message, "2 more parameter values off their defaults change conditions") && strings.Contains(d.Message, "C7: P7=yes"))
	}
	if !noted {
		t.Errorf("no notice about the parameter values left out: %v", r.Diagnostics)
	}
}

// TestVariantsRebuildOnlyWhatChanges checks that a state built with a
// parameter off its default, or a condition assumed, rebuilds only the
// resources that read the parameter or a condition whose value differs
// (the others are the first pass's), and that a security group gets the
// rules of its standalone ingress resources once in every state.
func TestVariantsRebuildOnlyWhatChanges(t *testing.T) {
	src := `Parameters:
  Registry: {Type: String, Default: hub, AllowedValues: [hub, ecr]}
  Port: {Type: Number, Default: 22}
  Env: {Type: String}
Conditions:
  UseECR: !Equals [!Ref Registry, ecr]
  Prod: !Equals [!Ref Env, prod]
Resources:
  Repo: {Type: AWS::ECR::Repository, Condition: UseECR}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: !If [Prod, prod, dev]}}
  Other: {Type: AWS::ECS::Cluster, Properties: {ClusterName: other}}
  Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: g}}
  In:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref Group, IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 0.0.0.0/0}
`
	res := run(t, src, nil)
	if len(res.States) != 4 { // Prod true/false, each with the default and Registry=ecr
		t.Fatalf("%d states, want 4: %v", len(res.States), res.States)
	}
	byID := func(st *model.State, id string) model.Resource { return st.Lookup(id) }
	first := res.States[0]
	for _, st := range res.States {
		if byID(st, "Other") != byID(first, "Other") {
			t.Errorf("state %q: Other was built again", st.Variant)
		}
		g, ok := byID(st, "Group").(*model.SecurityGroup)
		if !ok || len(g.Ingress) != 1 {
			t.Errorf("state %q: group %+v, want one ingress rule", st.Variant, g)
		}
		hasRepo := byID(st, "Repo") != nil
		if want := strings.Contains(st.Variant, "Registry=ecr"); hasRepo != want {
			t.Errorf("state %q: repository there %v, want %v", st.Variant, hasRepo, want)
		}
		name := byID(st, "Cluster").(*model.ECSCluster).Name.V
		if want := map[bool]string{true: "prod", false: "dev"}[strings.Contains(st.Variant, "Prod=true")]; name != want {
			t.Errorf("state %q: cluster name %q, want %q", st.Variant, name, want)
		}
	}
}
