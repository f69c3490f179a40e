package cfn_test

import (
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/cfn"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/parse/tree"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/ruletest"
)

// FuzzAdapt feeds templates through the parser, the CloudFormation adapter
// and every rule: none may panic, and diagnostics must name the file.
func FuzzAdapt(f *testing.F) {
	ruletest.AddSeeds(f, "../../rules/*/testdata/*.yaml", "../../rules/*/testdata/*.json", "../../../examples/cloudformation/*", "../../scan/testdata/hostile/*.json")
	for _, s := range []string{
		"Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - # TODO\n",
		"Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: '[{\"Name\":\"a\",\"Privileged\":true}]'\n",
		"Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: [null, 3, {Image: !Ref Missing}]\n",
		"Conditions:\n  C: !Equals [!Ref P, x]\nParameters:\n  P: {Type: String}\nResources:\n  X:\n    Type: AWS::ECS::Cluster\n    Properties: !If [C, {}, !Ref AWS::NoValue]\n",
		"Resources:\n  X:\n    Type: AWS::ECS::Service\n    Properties:\n      NetworkConfiguration: !Sub [\"${a}\", {a: !GetAtt [Y, Z]}]\n",
		"AWSTemplateFormatVersion: '2010-09-09'\nResources: []\n",
		"Resources:\n  A:\n    Type: AWS::ECS::Cluster\n    Condition: A\nConditions:\n  A: !Condition A\n",
		"Resources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument: !Select [9, [!Split [',', !Join ['', [!GetAZs '', !Cidr [x, 2, 3]]]]]]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		if !cfn.LooksLikeTemplate(data) {
			return
		}
		file, err := tree.Parse(data)
		if err != nil || len(file.Docs) == 0 || !cfn.IsTemplate(file.Docs[0]) {
			return
		}
		res := cfn.Adapt("fuzz.yaml", file, cfn.Options{Params: map[string]string{"Env": "prod"}})
		ruletest.CheckResult(t, "fuzz.yaml", res)
	})
}
