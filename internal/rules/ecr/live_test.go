package ecr

import (
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// liveImages runs one rule on a live state of images.
func liveImages(t *testing.T, id string, params map[string]string, imgs ...*model.ECRImage) []finding.Finding {
	t.Helper()
	st := model.NewState("aws/123456789012/eu-west-1", model.LiveAWS)
	for _, img := range imgs {
		st.Add(img)
	}
	r := rule.Lookup(id)
	var out []finding.Finding
	settings := &rule.Settings{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Params: map[string]map[string]string{id: params}}
	r.Check(rule.NewPass(r, st, settings, func(f finding.Finding) { out = append(out, f) }))
	return out
}

func image(name, status string, counts map[string]int, pushed time.Time, running bool) *model.ECRImage {
	return &model.ECRImage{
		Meta:       model.Meta{ID: name, Format: model.LiveAWS, Pos: model.Pos{File: "aws/123456789012/eu-west-1/ecr/image/" + name}},
		Repository: name, Digest: "sha256:abcdefabcdefabcdef", Tags: []string{"v1"}, ScanStatus: status, SeverityCounts: counts,
		PushedAt: pushed, Running: running, UsedBy: []string{"service web"},
		TopFindings: []model.ScanFinding{{Name: "CVE-2024-1", Severity: "CRITICAL"}, {Name: "CVE-2024-2", Severity: "MEDIUM"}},
	}
}

func TestCriticalFindings(t *testing.T) {
	at := time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC)
	fs := liveImages(t, "ecr/critical-findings", nil,
		image("crit", "COMPLETE", map[string]int{"CRITICAL": 2, "MEDIUM": 3}, at, true),
		image("high", "ACTIVE", map[string]int{"HIGH": 1}, at, false),
		image("medium-only", "COMPLETE", map[string]int{"MEDIUM": 9}, at, true),
		image("clean", "COMPLETE", map[string]int{}, at, true),
		image("pending", "IN_PROGRESS", nil, at, true),
		image("never", "", nil, at, true),
	)
	got := map[string]finding.Finding{}
	for _, f := range fs {
		got[f.Resource] = f
	}
	if f := got["crit"]; f.Severity != finding.Critical || !strings.Contains(f.Message, "2 CRITICAL vulnerabilities (CVE-2024-1)") || strings.Contains(f.Message, "MEDIUM") {
		t.Errorf("crit: %v %q", f.Severity, f.Message)
	}
	if f := got["high"]; f.Severity != finding.High {
		t.Errorf("high: %v %q", f.Severity, f.Message)
	}
	for _, clean := range []string{"medium-only", "clean"} {
		if f, ok := got[clean]; ok {
			t.Errorf("%s reported: %q", clean, f.Message)
		}
	}
	for _, unknown := range []string{"pending", "never"} {
		if f := got[unknown]; f.Severity != finding.Info || !strings.Contains(f.Message, "unknown") {
			t.Errorf("%s: %v %q, want an info finding saying unknown", unknown, f.Severity, f.Message)
		}
	}
	// A threshold of MEDIUM counts the medium findings too.
	fs = liveImages(t, "ecr/critical-findings", map[string]string{"threshold": "MEDIUM"}, image("medium-only", "COMPLETE", map[string]int{"MEDIUM": 9}, at, true))
	if len(fs) != 1 || fs[0].Severity != finding.Medium {
		t.Errorf("threshold MEDIUM: %+v", fs)
	}
}

func TestStaleImage(t *testing.T) {
	old := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	recent := time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)
	fs := liveImages(t, "ecr/stale-image", nil,
		image("old-running", "COMPLETE", nil, old, true),
		image("old-not-running", "COMPLETE", nil, old, false),
		image("recent", "COMPLETE", nil, recent, true),
		image("unknown-push", "COMPLETE", nil, time.Time{}, true),
	)
	if len(fs) != 1 || fs[0].Resource != "old-running" || !strings.Contains(fs[0].Message, "61 days ago (2026-04-01), more than 30") {
		t.Fatalf("stale-image: %+v", fs)
	}
	if fs := liveImages(t, "ecr/stale-image", map[string]string{"stale_image_days": "90"}, image("old-running", "COMPLETE", nil, old, true)); len(fs) != 0 {
		t.Errorf("stale_image_days 90: %+v", fs)
	}
}
