package rule_test

import (
	"reflect"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// One Pass serves every rule run on a state (Reset): each finding carries
// its own rule's ID, severity and RuleInfo, and a resource's findings share
// one Subject across rules.
func TestPassReset(t *testing.T) {
	st := model.NewState("t.yaml", model.CloudFormation)
	repo := &model.ECRRepository{Meta: model.Meta{ID: "Repo", Type: "AWS::ECR::Repository", Format: model.CloudFormation, Pos: model.Pos{File: "t.yaml", Line: 3}}}
	st.Add(repo)
	check := func(p *rule.Pass) { p.Reportf(repo, model.Pos{}, "%s on %s", p.Rule.ID, repo.ID) }
	a := &rule.Rule{ID: "test/a", Title: "A", Phase: finding.PhaseVuln, Severity: finding.High, Check: check}
	b := &rule.Rule{ID: "test/b", Title: "B", Phase: finding.PhaseHost, Severity: finding.Low, Check: check}
	var got []finding.Finding
	p := rule.NewPass(nil, st, nil, func(f finding.Finding) { got = append(got, f) })
	for _, r := range []*rule.Rule{a, b} {
		p.Reset(r)
		r.Check(p)
	}
	if len(got) != 2 {
		t.Fatalf("got %d findings, want 2", len(got))
	}
	for i, want := range []*rule.Rule{a, b} {
		f := got[i]
		if f.RuleID != want.ID || f.Severity != want.Severity || f.RuleInfo.Title != want.Title || f.RuleInfo.Phase != want.Phase {
			t.Errorf("finding %d: rule %s severity %v info %+v, want those of %s", i, f.RuleID, f.Severity, *f.RuleInfo, want.ID)
		}
		if f.Message != want.ID+" on Repo" || f.Pos.Line != 3 {
			t.Errorf("finding %d: %q at line %d", i, f.Message, f.Pos.Line)
		}
	}
	if got[0].Subject != got[1].Subject {
		t.Error("the findings of one resource do not share its Subject across rules")
	}
}

// IntParam returns the default when the parameter is not set or not a
// number, and the number when it is.
func TestIntParam(t *testing.T) {
	r := &rule.Rule{ID: "test/n"}
	settings := &rule.Settings{Params: map[string]map[string]string{"test/n": {"days": "7", "bad": "x"}}}
	p := rule.NewPass(r, model.NewState("s", model.CloudFormation), settings, func(finding.Finding) {})
	for name, want := range map[string]int{"days": 7, "bad": 30, "unset": 30} {
		if got := p.IntParam(name, 30); got != want {
			t.Errorf("IntParam(%q) = %d, want %d", name, got, want)
		}
	}
}

// A rule's findings share one RuleInfo, the one finding.InfoOf gives for
// its title and phase, looked up once when the rule is registered (and
// again if they change).
func TestRuleInfo(t *testing.T) {
	r := &rule.Rule{ID: "test/info", Title: "Info test", Phase: finding.PhaseRuntime, Severity: finding.Low, Check: func(*rule.Pass) {}}
	if got, want := r.Info(), finding.InfoOf(r.Title, r.Phase); got != want {
		t.Errorf("unregistered rule: Info() = %p, want InfoOf's %p", got, want)
	}
	rule.Register(r)
	if got, want := r.Info(), finding.InfoOf(r.Title, r.Phase); got != want {
		t.Errorf("registered rule: Info() = %p, want InfoOf's %p", got, want)
	}
	r.Title = "Info test, renamed"
	if got := r.Info(); got.Title != r.Title || got != finding.InfoOf(r.Title, r.Phase) {
		t.Errorf("after a change of title: Info() = %+v", *got)
	}
}

// Facts set by one rule are there for the next rule run on the same state
// (Reset keeps them), and a new pass starts without any.
func TestPassFacts(t *testing.T) {
	type key struct{ n int }
	st := model.NewState("Dockerfile", model.Dockerfile)
	p := rule.NewPass(&rule.Rule{ID: "t/a"}, st, nil, func(finding.Finding) {})
	if _, ok := p.Fact(key{1}); ok {
		t.Fatal("a new pass has a fact")
	}
	p.SetFact(key{1}, "one")
	p.Reset(&rule.Rule{ID: "t/b"})
	if v, ok := p.Fact(key{1}); !ok || v != "one" {
		t.Errorf("after Reset, Fact = %v, %v; want one", v, ok)
	}
	if _, ok := p.Fact(key{2}); ok {
		t.Error("a fact under another key")
	}
	if _, ok := rule.NewPass(nil, st, nil, nil).Fact(key{1}); ok {
		t.Error("a fact shared between passes")
	}
	// Many facts (more than the pass lists before it maps them), set
	// again, and keys of another type with the same value.
	type other struct{ n int }
	for n := 2; n <= 40; n++ {
		p.SetFact(key{n}, n)
	}
	p.SetFact(key{1}, "uno")
	p.SetFact(key{30}, "thirty")
	for n := 1; n <= 40; n++ {
		want := any(n)
		switch n {
		case 1:
			want = "uno"
		case 30:
			want = "thirty"
		}
		if v, ok := p.Fact(key{n}); !ok || v != want {
			t.Errorf("Fact(key{%d}) = %v, %v; want %v", n, v, ok, want)
		}
		if _, ok := p.Fact(other{n}); ok {
			t.Errorf("a fact under another key type with the same value %d", n)
		}
	}
}

// Report and ReportPeers record the finding Reportf and ReportPeersf
// record for the same message, a "%" in it kept as written.
func TestReportAsReportf(t *testing.T) {
	st := model.NewState("t.yaml", model.CloudFormation)
	repo := &model.ECRRepository{Meta: model.Meta{ID: "Repo", Type: "AWS::ECR::Repository", Format: model.CloudFormation, Pos: model.Pos{File: "t.yaml", Line: 3}}}
	st.Add(repo)
	r := &rule.Rule{ID: "test/r", Title: "R", Phase: finding.PhaseVuln, Severity: finding.Medium}
	var got []finding.Finding
	p := rule.NewPass(r, st, nil, func(f finding.Finding) { got = append(got, f) })
	msg := "100% of Repo"
	p.Reportf(repo, model.Pos{Line: 5}, "%s", msg)
	p.Report(repo, model.Pos{Line: 5}, msg)
	p.ReportPeersf([]string{"X1"}, repo, model.Pos{}, "%s", msg)
	p.ReportPeers([]string{"X1"}, repo, model.Pos{}, msg)
	if len(got) != 4 {
		t.Fatalf("got %d findings, want 4", len(got))
	}
	for i := 0; i < 4; i += 2 {
		if !reflect.DeepEqual(got[i], got[i+1]) {
			t.Errorf("finding %d = %+v, finding %d = %+v: want the same", i, got[i], i+1, got[i+1])
		}
	}
	if got[1].Message != msg || got[3].Pos.Line != 3 || len(got[3].Peers) != 1 {
		t.Errorf("findings %+v, %+v", got[1], got[3])
	}
}

// Collect keeps what a check reports from the pass's report function until
// Record gives it back; ReportManualf's findings are not fixable.
func TestCollectRecord(t *testing.T) {
	st := model.NewState("t.yaml", model.CloudFormation)
	repo := &model.ECRRepository{Meta: model.Meta{ID: "Repo", Type: "AWS::ECR::Repository", Format: model.CloudFormation, Pos: model.Pos{File: "t.yaml", Line: 3}}}
	st.Add(repo)
	r := &rule.Rule{ID: "test/a", Title: "A", Phase: finding.PhaseVuln, Severity: finding.High,
		Fixes: map[model.Format]rule.FixFunc{model.CloudFormation: func(*rule.FixPass) {}}}
	var recorded []finding.Finding
	p := rule.NewPass(r, st, nil, func(f finding.Finding) { recorded = append(recorded, f) })
	got := p.Collect(func() {
		p.Reportf(repo, model.Pos{}, "one")
		p.ReportManualf(repo, model.Pos{}, "two")
	})
	if len(recorded) != 0 || len(got) != 2 {
		t.Fatalf("recorded %d, collected %d; want 0 and 2", len(recorded), len(got))
	}
	if !got[0].Fixable || got[1].Fixable {
		t.Errorf("fixable: %t, %t; want true, false", got[0].Fixable, got[1].Fixable)
	}
	p.Record(got[1])
	p.Reportf(repo, model.Pos{}, "three")
	if len(recorded) != 2 || recorded[0].Message != "two" || recorded[1].Message != "three" {
		t.Errorf("recorded %+v", recorded)
	}
}
