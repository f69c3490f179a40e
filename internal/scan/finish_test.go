package scan

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/suppress"
)

const finishRuleID = "test/finish"

func init() {
	rule.Register(&rule.Rule{
		ID: finishRuleID, Title: "finish test rule", Phase: finding.PhaseImage, Severity: finding.High,
		Peers: rule.Peers{Checkov: []string{"CKV_TEST_1"}, Hadolint: []string{"DL9999"}, Trivy: []string{"AVD-TEST-1"}},
		Check: func(*rule.Pass) {},
	})
}

func testFinding(file string, line, resourceLine int, ignores ...model.Ignore) finding.Finding {
	return finding.Finding{
		RuleInfo: &finding.RuleInfo{}, Subject: &finding.Subject{Resource: "Res", ResourceLine: resourceLine, Ignores: ignores},
		RuleID:   finishRuleID,
		Severity: finding.High,
		Message:  "something is wrong; set it right",
		Pos:      model.Pos{File: file, Line: line},
	}
}

func comment(file string, line int, text string) adapt.Comment {
	return adapt.Comment{Pos: model.Pos{File: file, Line: line}, Text: text}
}

func TestFinishSuppressions(t *testing.T) {
	const own = "# shipshape:ignore test/finish -- accepted"
	tests := []struct {
		name      string
		f         finding.Finding
		comments  []adapt.Comment
		noInline  bool
		conf      config.Config
		kind      string // "" when the finding counts
		reasonFor bool   // an ignore-reason finding is expected
	}{
		{"no directive", testFinding("a", 10, 5), nil, false, config.Config{}, "", false},
		{"same line", testFinding("a", 10, 5), []adapt.Comment{comment("a", 10, own)}, false, config.Config{}, suppress.KindInline, false},
		{"line above", testFinding("a", 10, 5), []adapt.Comment{comment("a", 9, own)}, false, config.Config{}, suppress.KindInline, false},
		{"two lines above", testFinding("a", 10, 5), []adapt.Comment{comment("a", 8, own)}, false, config.Config{}, "", false},
		{"line below", testFinding("a", 10, 5), []adapt.Comment{comment("a", 11, own)}, false, config.Config{}, "", false},
		{"resource line", testFinding("a", 10, 5), []adapt.Comment{comment("a", 5, own)}, false, config.Config{}, suppress.KindInline, false},
		{"above the resource", testFinding("a", 10, 5), []adapt.Comment{comment("a", 4, own)}, false, config.Config{}, suppress.KindInline, false},
		{"other file", testFinding("a", 10, 5), []adapt.Comment{comment("b", 10, own)}, false, config.Config{}, "", false},
		{"other rule", testFinding("a", 10, 5), []adapt.Comment{comment("a", 10, "# shipshape:ignore test/other -- x")}, false, config.Config{}, "", false},
		{"without reason", testFinding("a", 10, 5), []adapt.Comment{comment("a", 10, "# shipshape:ignore test/finish")}, false, config.Config{}, "", true},
		{"inline ignores disabled", testFinding("a", 10, 5), []adapt.Comment{comment("a", 10, own)}, true, config.Config{}, "", false},
		{"hadolint peer", testFinding("a", 10, 5), []adapt.Comment{comment("a", 9, "# hadolint ignore=DL9999")}, false, config.Config{}, suppress.KindHadolint, false},
		{"checkov peer", testFinding("a", 10, 5), []adapt.Comment{comment("a", 10, "# checkov:skip=CKV_TEST_1")}, false, config.Config{}, suppress.KindCheckov, false},
		{"metadata with reason", testFinding("a", 10, 5, model.Ignore{RuleID: finishRuleID, Reason: "r", Source: "metadata"}), nil, false, config.Config{}, "metadata", false},
		{"metadata without reason", testFinding("a", 10, 5, model.Ignore{RuleID: finishRuleID, Source: "metadata"}), nil, false, config.Config{}, "", false},
		{"checkov metadata without reason", testFinding("a", 10, 5, model.Ignore{RuleID: "CKV_TEST_1", Source: "checkov"}), nil, false, config.Config{}, "checkov", false},
		{"metadata with inline ignores disabled", testFinding("a", 10, 5, model.Ignore{RuleID: finishRuleID, Reason: "r", Source: "metadata"}), nil, true, config.Config{}, "", false},
		{"config ignore by path", testFinding("dir/a.yaml", 10, 5), nil, true,
			config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Paths: []string{"dir/"}, Reason: "r"}}}, "config", false},
		{"config ignore, other path", testFinding("other/a.yaml", 10, 5), nil, false,
			config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Paths: []string{"dir/"}, Reason: "r"}}}, "", false},
		{"config ignore by resource", testFinding("a", 10, 5), nil, false,
			config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Resources: []string{"Res"}, Reason: "r"}}}, "config", false},
		{"config ignore, other resource", testFinding("a", 10, 5), nil, false,
			config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Resources: []string{"Other"}, Reason: "r"}}}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conf := tc.conf
			o := &Options{Config: &conf, NoInlineIgnores: tc.noInline, Rules: []*rule.Rule{rule.Lookup(UnjustifiedIgnoreID)}}
			var res Result
			finish(&res, []finding.Finding{tc.f}, tc.comments, o)
			var counted []finding.Finding
			var reasonFindings int
			for _, f := range res.Findings {
				if f.RuleID == UnjustifiedIgnoreID {
					reasonFindings++
					if f.Pos.Line != tc.comments[0].Pos.Line {
						t.Errorf("ignore-reason finding at line %d, want the comment's %d", f.Pos.Line, tc.comments[0].Pos.Line)
					}
					continue
				}
				counted = append(counted, f)
			}
			if (reasonFindings == 1) != tc.reasonFor || reasonFindings > 1 {
				t.Errorf("%d ignore-reason findings, want %t", reasonFindings, tc.reasonFor)
			}
			if tc.kind == "" {
				if len(counted) != 1 || len(res.Suppressed) != 0 {
					t.Fatalf("counted %d, suppressed %+v; want the finding counted", len(counted), res.Suppressed)
				}
				return
			}
			if len(counted) != 0 || len(res.Suppressed) != 1 {
				t.Fatalf("counted %d, suppressed %d; want it suppressed", len(counted), len(res.Suppressed))
			}
			if s := res.Suppressed[0].Suppression; s == nil || s.Kind != tc.kind {
				t.Errorf("suppression %+v, want kind %s", s, tc.kind)
			}
		})
	}
}

// TestFinishWarnsOnDirectiveWithoutRules checks that a shipshape:ignore
// that names no rule is reported on its line instead of silently doing
// nothing.
func TestFinishWarnsOnDirectiveWithoutRules(t *testing.T) {
	o := &Options{Config: &config.Config{}, Rules: []*rule.Rule{rule.Lookup(UnjustifiedIgnoreID)}}
	var res Result
	finish(&res, []finding.Finding{testFinding("a", 10, 5)}, []adapt.Comment{comment("a", 9, "# shipshape:ignore -- why")}, o)
	if len(res.Findings) != 1 || len(res.Suppressed) != 0 {
		t.Fatalf("counted %d, suppressed %d; want the finding counted", len(res.Findings), len(res.Suppressed))
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Pos.Line != 9 || !strings.Contains(res.Diagnostics[0].Message, "names no rule") {
		t.Fatalf("diagnostics %+v, want one on line 9 saying the directive names no rule", res.Diagnostics)
	}
}

func TestFinishBaselineSurvivesLineMoves(t *testing.T) {
	o := &Options{Config: &config.Config{}}
	var first Result
	finish(&first, []finding.Finding{testFinding("a", 10, 5), testFinding("a", 20, 5)}, nil, o)
	if len(first.Findings) != 2 {
		t.Fatalf("first scan: %d findings", len(first.Findings))
	}
	// Identical findings in one resource still get distinct fingerprints.
	if first.Findings[0].Fingerprint == first.Findings[1].Fingerprint {
		t.Errorf("duplicate fingerprints %q", first.Findings[0].Fingerprint)
	}
	o.Baseline = suppress.NewBaseline(first.Findings)

	// The file was edited: both findings moved down 7 lines; a new one appeared.
	moved := testFinding("a", 17, 12)
	moved2 := testFinding("a", 27, 12)
	fresh := testFinding("a", 30, 12)
	fresh.Message = "something else is wrong; set it right"
	var second Result
	finish(&second, []finding.Finding{moved, moved2, fresh}, nil, o)
	if len(second.Findings) != 1 || second.Findings[0].Message != fresh.Message {
		t.Fatalf("second scan counted %+v, want only the new finding", second.Findings)
	}
	if len(second.Suppressed) != 2 {
		t.Fatalf("second scan suppressed %d, want 2", len(second.Suppressed))
	}
	for _, f := range second.Suppressed {
		if f.Suppression.Kind != "baseline" {
			t.Errorf("suppression %+v, want baseline", f.Suppression)
		}
	}
}

// TestFinishNotesUnusedDirectives checks that a shipshape:ignore comment
// that suppressed nothing is noted (once the finding it was written for is
// fixed, it would hide the next one), and a used one is not.
func TestFinishNotesUnusedDirectives(t *testing.T) {
	o := &Options{Config: &config.Config{}, Rules: []*rule.Rule{rule.Lookup(finishRuleID), rule.Lookup(UnjustifiedIgnoreID)}}
	var res Result
	finish(&res, []finding.Finding{testFinding("a", 10, 5)}, []adapt.Comment{
		comment("a", 9, "# shipshape:ignore "+finishRuleID+" -- used"),
		comment("a", 20, "# shipshape:ignore "+finishRuleID+" -- stale"),
		comment("a", 30, "# shipshape:ignore not/run -- a rule that did not run is not judged"),
	}, o)
	if len(res.Suppressed) != 1 {
		t.Fatalf("suppressed %d, want 1", len(res.Suppressed))
	}
	var notes []int
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "suppresses no finding") {
			notes = append(notes, d.Pos.Line)
		}
	}
	if len(notes) != 1 || notes[0] != 20 {
		t.Errorf("unused-directive notes on lines %v, want [20]: %+v", notes, res.Diagnostics)
	}
}

// TestFinishExpiredTrivyIgnore checks that a Trivy comment past its
// [exp:] date no longer suppresses and says so.
func TestFinishExpiredTrivyIgnore(t *testing.T) {
	o := &Options{Config: &config.Config{}, Rules: []*rule.Rule{rule.Lookup(finishRuleID)},
		Settings: &rule.Settings{Now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}}
	for _, tc := range []struct {
		comment    string
		suppressed bool
	}{
		{"#trivy:ignore:AVD-TEST-1[exp:2026-11-27]", true},
		{"#trivy:ignore:AVD-TEST-1[exp:2026-11-26]", false},
	} {
		var res Result
		finish(&res, []finding.Finding{testFinding("a", 10, 5)}, []adapt.Comment{comment("a", 9, tc.comment)}, o)
		if got := len(res.Suppressed) == 1; got != tc.suppressed {
			t.Errorf("%s: suppressed %t, want %t", tc.comment, got, tc.suppressed)
		}
		expired := false
		for _, d := range res.Diagnostics {
			expired = expired || strings.Contains(d.Message, "expired on 2026-11-26")
		}
		if expired == tc.suppressed {
			t.Errorf("%s: expiry notice %t: %+v", tc.comment, expired, res.Diagnostics)
		}
	}
}

const renamedRuleID = "test/renamed"

func init() {
	rule.Register(&rule.Rule{
		ID: renamedRuleID, Title: "renamed test rule", Phase: finding.PhaseImage, Severity: finding.Medium,
		Former: []string{finishRuleID}, Check: func(*rule.Pass) {},
	})
}

// TestFinishFormerIDs checks that suppressions, config ignores and baseline
// entries naming a rule's former ID still apply, each with one notice.
func TestFinishFormerIDs(t *testing.T) {
	renamed := func(line int) finding.Finding {
		f := testFinding("a", line, line)
		f.RuleID = renamedRuleID
		return f
	}
	old := testFinding("a", 30, 30) // as an earlier version reported it
	old.ComputeFingerprint()
	o := &Options{Config: &config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Paths: []string{"b"}, Reason: "x"}}, Path: ".shipshape.yaml"},
		Baseline: suppress.NewBaseline([]finding.Finding{old})}
	fs := []finding.Finding{renamed(10), renamed(30), renamed(40)}
	fs[2].Pos.File = "b"
	var res Result
	finish(&res, fs, []adapt.Comment{comment("a", 10, "# shipshape:ignore test/finish -- accepted")}, o)
	if len(res.Findings) != 0 || len(res.Suppressed) != 3 {
		t.Fatalf("counted %v, suppressed %d; want every finding suppressed", res.Findings, len(res.Suppressed))
	}
	var notices []string
	for _, d := range res.Diagnostics {
		if d.Level == finding.LevelNotice && strings.Contains(d.Message, renamedRuleID) {
			notices = append(notices, d.String())
		}
	}
	if len(notices) != 3 {
		t.Errorf("notices %q, want one for the comment, the config ignore and the baseline", notices)
	}
}

// TestFinishModuleInstanceBaseline checks that a baseline written before
// messages named the Terraform module instance and root module still
// accepts those findings, with a notice to rewrite it, and that a finding
// of a resource outside modules keeps its fingerprint.
func TestFinishModuleInstanceBaseline(t *testing.T) {
	old := testFinding("m/main.tf", 12, 3)
	old.Resource = `module.svc["api"].aws_ecs_task_definition.this`
	old.ComputeFingerprint()
	now := old
	now.Instance = ` (module.svc["api"].aws_ecs_task_definition.this, root module services)`
	now.Message += now.Instance
	plain := testFinding("main.tf", 5, 5)
	plain.ComputeFingerprint()
	o := &Options{Config: &config.Config{}, Baseline: suppress.NewBaseline([]finding.Finding{old, plain})}
	var res Result
	finish(&res, []finding.Finding{now, testFinding("main.tf", 5, 5)}, nil, o)
	if len(res.Findings) != 0 || len(res.Suppressed) != 2 {
		t.Fatalf("counted %v, suppressed %d; want both suppressed", res.Findings, len(res.Suppressed))
	}
	noted := 0
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "former fingerprints") {
			noted++
		}
	}
	if noted != 1 {
		t.Errorf("%d notices about former fingerprints, want 1: %v", noted, res.Diagnostics)
	}
}

// TestFinishMovedToCallerBaseline checks that a baseline written when a
// finding was reported on the module's line still accepts it once it is
// placed on the line of the module's caller that wrote the value (with the
// module's line related), and that a config ignore of the module's folder
// still covers it.
func TestFinishMovedToCallerBaseline(t *testing.T) {
	old := testFinding("modules/svc/main.tf", 12, 3)
	old.Resource = `module.svc.aws_ecs_task_definition.this`
	old.ComputeFingerprint()
	moved := func() finding.Finding {
		f := old
		f.Pos = model.Pos{File: "main.tf", Line: 7, Related: nil}
		f.Related = []model.Pos{{File: "modules/svc/main.tf", Line: 12}}
		return f
	}
	o := &Options{Config: &config.Config{}, Baseline: suppress.NewBaseline([]finding.Finding{old})}
	var res Result
	finish(&res, []finding.Finding{moved()}, nil, o)
	if len(res.Findings) != 0 || len(res.Suppressed) != 1 {
		t.Fatalf("counted %v, suppressed %d; want it suppressed by the baseline", res.Findings, len(res.Suppressed))
	}
	o = &Options{Config: &config.Config{Ignore: []config.Ignore{{Rule: finishRuleID, Paths: []string{"modules/"}, Reason: "x"}}, Path: ".shipshape.yaml"}}
	res = Result{}
	finish(&res, []finding.Finding{moved()}, nil, o)
	if len(res.Findings) != 0 || len(res.Suppressed) != 1 {
		t.Fatalf("counted %v, suppressed %d; want it ignored by the module's folder", res.Findings, len(res.Suppressed))
	}
}

// sortFindings orders by file, line, rule and message and keeps the order
// of equal findings, as a stable sort of the findings themselves would
// (it sorts indices and permutes the findings in place).
func TestSortFindingsStable(t *testing.T) {
	mk := func(file string, line int, rule, msg, fp string) finding.Finding {
		return finding.Finding{RuleID: rule, Message: msg, Pos: model.Pos{File: file, Line: line}, Fingerprint: fp}
	}
	fs := []finding.Finding{
		mk("b.yaml", 3, "r/a", "m", "1"),
		mk("a.yaml", 9, "r/b", "m", "2"),
		mk("a.yaml", 9, "r/a", "z", "3"),
		mk("b.yaml", 3, "r/a", "m", "4"), // equal to the first: stays after it
		mk("a.yaml", 2, "r/z", "m", "5"),
		mk("a.yaml", 9, "r/a", "a", "6"),
		mk("b.yaml", 1, "r/a", "m", "7"),
	}
	sortFindings(fs)
	if got, want := fingerprints(fs), "5 6 3 2 7 1 4"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}

// fingerprints lists the findings' fingerprints, separated by spaces.
func fingerprints(fs []finding.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return strings.Join(out, " ")
}

// permute moves each element to its place along the permutation's cycles.
func TestPermute(t *testing.T) {
	for _, idx := range [][]int{{}, {0}, {1, 0}, {2, 0, 1}, {0, 2, 1, 4, 3}, {4, 3, 2, 1, 0}, {1, 2, 3, 4, 0}} {
		vals := make([]int, len(idx))
		for i := range vals {
			vals[i] = 10 * i
		}
		want := make([]int, len(idx))
		for i, k := range idx {
			want[i] = vals[k]
		}
		permute(vals, append([]int(nil), idx...))
		if !slices.Equal(vals, want) {
			t.Errorf("permute by %v = %v, want %v", idx, vals, want)
		}
	}
}

// numberDuplicates numbers the second and later findings of a fingerprint
// in their order, whatever the order of the fingerprints.
func TestNumberDuplicates(t *testing.T) {
	var fs []finding.Finding
	for _, fp := range []string{"b", "a", "b", "c", "a", "b"} {
		fs = append(fs, finding.Finding{Fingerprint: fp})
	}
	numberDuplicates(fs)
	if got, want := fingerprints(fs), "b a b-2 c a-2 b-3"; got != want {
		t.Errorf("fingerprints %s, want %s", got, want)
	}
}
