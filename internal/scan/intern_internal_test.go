package scan

import (
	"reflect"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
)

// A job's findings come back as they were held: files that alternate and
// repeat (the last file is remembered), peer lists of one and of several
// IDs (one is its own key, as Join makes it; IDs hold no NUL) that share
// numbers with equal lists only.
func TestInternerRoundTrip(t *testing.T) {
	info := &finding.RuleInfo{Title: "t"}
	subj := &finding.Subject{Resource: "stage 0", ResourceType: "RUN"}
	mk := func(file, msg string, line int, peers []string) finding.Finding {
		return finding.Finding{RuleInfo: info, Subject: subj, RuleID: "r", Message: msg, Pos: model.Pos{File: file, Line: line}, Peers: peers}
	}
	in := []finding.Finding{
		mk("a/Dockerfile", "m1", 1, []string{"DL3008"}),
		mk("a/Dockerfile", "m2", 2, []string{"DL3008"}),
		mk("b/Dockerfile", "m1", 3, []string{"DL3008", "DL3018"}),
		mk("a/Dockerfile", "m3", 4, nil),
		mk("", "m4", 5, []string{"DL3018"}),
		mk("", "m4", 6, []string{"DL3018", "DL3008"}), // another order: another list
		mk("b/Dockerfile", "m5", 7, []string{"DL3008", "DL3018"}),
	}
	want := append([]finding.Finding(nil), in...)
	strs := newInterner()
	hs := strs.findings(append([]finding.Finding(nil), in...))
	for i, h := range hs {
		if got := strs.finding(h); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("finding %d = %+v, want %+v", i, got, want[i])
		}
	}
	// rules and subjects that alternate (the last is remembered)
	info2 := &finding.RuleInfo{Title: "t2"}
	subj2 := &finding.Subject{Resource: "stage 1", ResourceType: "COPY"}
	mixed := []finding.Finding{
		mk("a/Dockerfile", "m1", 1, nil),
		{RuleInfo: info2, Subject: subj2, RuleID: "r2", Message: "m2", Pos: model.Pos{File: "a/Dockerfile", Line: 2}},
		{RuleInfo: info2, Subject: subj, RuleID: "r2", Message: "m3", Pos: model.Pos{File: "a/Dockerfile", Line: 3}},
		{RuleInfo: info, Subject: nil, RuleID: "r", Message: "m4", Pos: model.Pos{File: "a/Dockerfile", Line: 4}},
		mk("a/Dockerfile", "m5", 5, nil),
		{RuleInfo: info, Subject: subj2, RuleID: "r2", Message: "m6", Pos: model.Pos{File: "a/Dockerfile", Line: 6}}, // another rule, same info
	}
	wantMixed := append([]finding.Finding(nil), mixed...)
	ms := strs.findings(append([]finding.Finding(nil), mixed...))
	for i, h := range ms {
		if got := strs.finding(h); !reflect.DeepEqual(got, wantMixed[i]) {
			t.Errorf("mixed finding %d = %+v, want %+v", i, got, wantMixed[i])
		}
	}
	if ms[0].rule != hs[0].rule || ms[0].rule == ms[1].rule || ms[1].rule != ms[2].rule || ms[3].rule != ms[0].rule || ms[5].rule == ms[1].rule || ms[5].rule == ms[0].rule {
		t.Errorf("rule numbers %v: one a rule and its info", []uint32{ms[0].rule, ms[1].rule, ms[2].rule, ms[3].rule, ms[4].rule, ms[5].rule})
	}
	if ms[0].subj != ms[2].subj || ms[1].subj != ms[5].subj || ms[0].subj == ms[1].subj || ms[3].subj != 0 || ms[4].subj != ms[0].subj {
		t.Errorf("subject numbers %v: one a subject, 0 none", []uint32{ms[0].subj, ms[1].subj, ms[2].subj, ms[3].subj, ms[4].subj, ms[5].subj})
	}
	if hs[0].file != hs[1].file || hs[0].file != hs[3].file || hs[0].file == hs[2].file || hs[2].file != hs[6].file {
		t.Errorf("file numbers %d %d %d %d %d: the same file must have one number", hs[0].file, hs[1].file, hs[2].file, hs[3].file, hs[6].file)
	}
	if hs[0].peers != hs[1].peers || hs[2].peers != hs[6].peers || hs[0].peers == hs[2].peers || hs[4].peers == hs[0].peers || hs[5].peers == hs[2].peers {
		t.Errorf("peer numbers %d %d %d %d %d %d: equal lists share one, others not", hs[0].peers, hs[1].peers, hs[2].peers, hs[4].peers, hs[5].peers, hs[6].peers)
	}
}
