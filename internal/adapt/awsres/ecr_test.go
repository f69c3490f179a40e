package awsres

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

func parse(t *testing.T, src string) *tree.Node {
	t.Helper()
	f, err := tree.Parse([]byte(src))
	if err != nil || len(f.Docs) != 1 {
		t.Fatalf("parse: %v", err)
	}
	return f.Docs[0]
}

func TestRepositoryLifecyclePolicyText(t *testing.T) {
	d := Decoder{File: "t.yaml"}
	cases := []struct {
		src  string
		want model.Presence
	}{
		{"RepositoryName: a", model.Absent},
		{"LifecyclePolicy:\n  RegistryId: \"123456789012\"", model.Absent},
		{"LifecyclePolicy:\n  LifecyclePolicyText: '{\"rules\":[]}'", model.Known},
	}
	for _, c := range cases {
		r := d.Repository(model.Meta{}, parse(t, c.src))
		if r.LifecyclePolicy.P != c.want {
			t.Errorf("%q: lifecycle presence %v, want %v", c.src, r.LifecyclePolicy.P, c.want)
		}
	}
}

func TestPolicyConditions(t *testing.T) {
	d := Decoder{File: "t.json"}
	doc := d.Policy(parse(t, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-1","o-2"]},"Bool":{"aws:SecureTransport":"true"}}}]}`))
	if len(doc.Statements) != 1 {
		t.Fatalf("statements: %d", len(doc.Statements))
	}
	st := doc.Statements[0]
	if !st.Principal.Wildcard || st.Condition.P != model.Known {
		t.Fatalf("principal %+v, condition %+v", st.Principal, st.Condition)
	}
	if len(st.Conditions) != 2 {
		t.Fatalf("conditions: %+v", st.Conditions)
	}
	c := st.Conditions[0]
	if c.Operator != "StringEquals" || c.Key != "aws:PrincipalOrgID" || len(c.Values.Items) != 2 || !c.Values.Has("o-2") {
		t.Errorf("first condition: %+v", c)
	}
	if c := st.Conditions[1]; c.Operator != "Bool" || !c.Values.Has("true") {
		t.Errorf("second condition: %+v", c)
	}
}

func TestPolicyComputedCondition(t *testing.T) {
	d := Decoder{File: "t.yaml"}
	root := parse(t, "Statement:\n  - Effect: Allow\n    Principal: '*'\n    Condition:\n      StringEquals: x\n")
	// A computed operator block (here a scalar where a map belongs, as an
	// unresolved Fn::If would leave) makes the Condition unknown.
	root.Get("Statement").Items[0].Get("Condition").Pairs[0].Value.Kind = tree.Unknown
	st := d.Policy(root).Statements[0]
	if st.Condition.P != model.Unknown {
		t.Errorf("condition presence %v, want Unknown", st.Condition.P)
	}
}

func TestRegistryScanningTerraformKeys(t *testing.T) {
	d := Decoder{File: "main.tf"}
	s := d.RegistryScanning(model.Meta{}, parse(t, `{"scan_type":"ENHANCED","rule":[
		{"scan_frequency":"CONTINUOUS_SCAN","repository_filter":[{"filter":"prod-*","filter_type":"WILDCARD"}]}]}`))
	if !s.ScanType.Is("ENHANCED") || len(s.Rules) != 1 || s.RulesUnknown {
		t.Fatalf("scanning: %+v", s)
	}
	if r := s.Rules[0]; !r.Frequency.Is("CONTINUOUS_SCAN") || len(r.Filters) != 1 || !r.Filters[0].Is("prod-*") {
		t.Errorf("rule: %+v", r)
	}
}

func TestRegistryScanningUnknownRules(t *testing.T) {
	d := Decoder{File: "t.yaml"}
	root := parse(t, "ScanType: BASIC\nRules: x\n")
	root.Get("Rules").Kind = tree.Unknown
	if s := d.RegistryScanning(model.Meta{}, root); !s.RulesUnknown {
		t.Errorf("unknown rules not recorded: %+v", s)
	}
}

func TestSeparateECRPolicies(t *testing.T) {
	d := Decoder{File: "main.tf"}
	lp := d.LifecyclePolicy(model.Meta{}, parse(t, `{"repository":"app","policy":"{\"rules\":[]}"}`))
	if !lp.Repository.Is("app") || lp.Policy.P != model.Known {
		t.Errorf("lifecycle policy: %+v", lp)
	}
	rp := d.RepositoryPolicy(model.Meta{}, parse(t, `{"repository":"app","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"ecr:*\"}]}"}`))
	if !rp.Repository.Is("app") || rp.Policy == nil || len(rp.Policy.Statements) != 1 || !rp.Policy.Statements[0].Principal.Wildcard {
		t.Errorf("repository policy: %+v", rp)
	}
}
