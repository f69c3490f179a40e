package suppress

import (
	"reflect"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		comment string
		ok      bool
		kind    string
		ids     []string
		reason  string
	}{
		{"own with reason", "# shipshape:ignore ecs/privileged -- needed for the agent", true, KindInline, []string{"ecs/privileged"}, "needed for the agent"},
		{"own, several IDs", "# shipshape:ignore ecs/privileged,ecr/scan-on-push -- why", true, KindInline, []string{"ecs/privileged", "ecr/scan-on-push"}, "why"},
		{"own, IDs with spaces", "# shipshape:ignore ecs/a, ecs/b --why", true, KindInline, []string{"ecs/a", "ecs/b"}, "why"},
		{"own, hyphenated ID", "# shipshape:ignore ecs/read-only-root -- tmp files", true, KindInline, []string{"ecs/read-only-root"}, "tmp files"},
		{"own, reason with punctuation", "#shipshape:ignore df/user -- see #123: root -- really", true, KindInline, []string{"df/user"}, "see #123: root -- really"},
		{"own without reason", "# shipshape:ignore ecs/privileged", true, KindInline, []string{"ecs/privileged"}, ""},
		{"own with empty reason", "# shipshape:ignore ecs/privileged --   ", true, KindInline, []string{"ecs/privileged"}, ""},
		{"own, wildcard", "# shipshape:ignore ecs/* -- legacy", true, KindInline, []string{"ecs/*"}, "legacy"},
		{"own, trailing CR", "# shipshape:ignore ecs/a -- why\r", true, KindInline, []string{"ecs/a"}, "why"},
		{"hadolint", "# hadolint ignore=DL3008,DL3009", true, KindHadolint, []string{"DL3008", "DL3009"}, ""},
		{"hadolint with space", "# hadolint ignore=DL3008, SC2086", true, KindHadolint, []string{"DL3008", "SC2086"}, ""},
		{"checkov with reason", "# checkov:skip=CKV_AWS_97:handled elsewhere", true, KindCheckov, []string{"CKV_AWS_97"}, "handled elsewhere"},
		{"checkov without reason", "#checkov:skip=CKV_DOCKER_3", true, KindCheckov, []string{"CKV_DOCKER_3"}, ""},
		{"trivy", "# trivy:ignore:AVD-AWS-0030", true, KindTrivy, []string{"AVD-AWS-0030"}, ""},
		{"tfsec", "#tfsec:ignore:aws-ecr-enable-image-scans", true, KindTrivy, []string{"aws-ecr-enable-image-scans"}, ""},
		{"hadolint without IDs", "# hadolint ignore= ", false, "", nil, ""},
		{"own without IDs", "# shipshape:ignore -- why", true, KindInline, []string{}, "why"},
		{"plain comment", "# ignore the next line, it is fine", false, "", nil, ""},
		{"no directive words", "# TODO: pin the version", false, "", nil, ""},
		{"own without space", "# shipshape:ignore=ecs/a -- x", false, "", nil, ""},
		{"checkov misspelled", "# checkov:skp=CKV_AWS_1", false, "", nil, ""},
		{"hadolint global is not a line directive", "# hadolint global ignore=DL3008", false, "", nil, ""},
	}
	pos := model.Pos{File: "f", Line: 3}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := Parse(pos, tc.comment)
			if ok != tc.ok {
				t.Fatalf("Parse(%q) ok = %t, want %t (%+v)", tc.comment, ok, tc.ok, d)
			}
			if !ok {
				return
			}
			want := Directive{Pos: pos, Kind: tc.kind, IDs: tc.ids, Reason: tc.reason}
			if !reflect.DeepEqual(d, want) {
				t.Errorf("got %+v, want %+v", d, want)
			}
			if got, want := d.NeedsReason(), tc.kind == KindInline && tc.reason == ""; got != want {
				t.Errorf("NeedsReason = %t, want %t", got, want)
			}
		})
	}
}

func TestCovers(t *testing.T) {
	r := &rule.Rule{ID: "ecs/privileged", Peers: rule.Peers{
		Checkov: []string{"CKV_AWS_97"}, Hadolint: []string{"DL3002"}, Trivy: []string{"AVD-AWS-0039"},
		KICS: []string{"kics-id"}, CfnNag: []string{"W79"}, SecurityHub: []string{"ECS.4"},
	}}
	tests := []struct {
		comment string
		want    bool
	}{
		{"# shipshape:ignore ecs/privileged -- x", true},
		{"# shipshape:ignore other/rule,ecs/privileged -- x", true},
		{"# shipshape:ignore ECS/Privileged -- x", false}, // our IDs are exact
		{"# shipshape:ignore other/rule -- x", false},
		{"# shipshape:ignore CKV_AWS_97 -- x", false}, // peer IDs only through their own directive
		{"# hadolint ignore=DL3002", true},
		{"# hadolint ignore=DL3008", false},
		{"# checkov:skip=CKV_AWS_97:x", true},
		{"# checkov:skip=ckv_aws_97", true},
		{"# checkov:skip=CKV_AWS_1", false},
		{"# trivy:ignore:AVD-AWS-0039", true},
		{"# trivy:ignore:avd-aws-0039", true},
		{"# trivy:ignore:kics-id", true},
		{"#tfsec:ignore:aws-eks-encrypt-secrets", true}, // the long name of AVD-AWS-0039
		{"# trivy:ignore:AWS-EKS-ENCRYPT-SECRETS", true},
		{"#tfsec:ignore:aws-eks-no-public-cluster-access", false}, // AVD-AWS-0040
		{"# checkov:skip=aws-eks-encrypt-secrets", false},         // long names only in Trivy/tfsec comments
		{"# trivy:ignore:W79", false},
		{"# trivy:ignore:ECS.4", false},
	}
	for _, tc := range tests {
		d, ok := Parse(model.Pos{}, tc.comment)
		if !ok {
			t.Fatalf("Parse(%q) found no directive", tc.comment)
		}
		if got := d.Covers(r); got != tc.want {
			t.Errorf("%q covers %s = %t, want %t", tc.comment, r.ID, got, tc.want)
		}
	}
	// A rule without peers is covered only by its own ID.
	bare := &rule.Rule{ID: "df/x"}
	for _, c := range []string{"# hadolint ignore=DL3002", "# checkov:skip=CKV_AWS_97", "# trivy:ignore:AVD-AWS-0039"} {
		d, _ := Parse(model.Pos{}, c)
		if d.Covers(bare) {
			t.Errorf("%q covers a rule without peers", c)
		}
	}
}

func TestIgnoreCovers(t *testing.T) {
	r := &rule.Rule{ID: "ecr/scan-on-push", Peers: rule.Peers{Checkov: []string{"CKV_AWS_163"}, CfnNag: []string{"W79"}}}
	tests := []struct {
		ig   model.Ignore
		want bool
	}{
		{model.Ignore{RuleID: "ecr/scan-on-push", Source: "metadata"}, true},
		{model.Ignore{RuleID: "ecr/other", Source: "metadata"}, false},
		{model.Ignore{RuleID: "CKV_AWS_163", Source: "metadata"}, false},
		{model.Ignore{RuleID: "ckv_aws_163", Source: "checkov"}, true},
		{model.Ignore{RuleID: "CKV_AWS_1", Source: "checkov"}, false},
		{model.Ignore{RuleID: "W79", Source: "cfn-nag"}, true},
		{model.Ignore{RuleID: "CKV_AWS_163", Source: "cfn-nag"}, false},
		{model.Ignore{RuleID: "ecr/scan-on-push", Source: "checkov"}, false},
	}
	for _, tc := range tests {
		if got := IgnoreCovers(tc.ig, r); got != tc.want {
			t.Errorf("%+v covers = %t, want %t", tc.ig, got, tc.want)
		}
	}
}

func TestCoversFindingNarrowedPeers(t *testing.T) {
	r := &rule.Rule{ID: "dockerfile/package-pinning", Peers: rule.Peers{
		Hadolint: []string{"DL3008", "DL3018"}, Checkov: []string{"CKV_X_1"},
	}}
	apk := []string{"DL3018"}
	for _, tc := range []struct {
		d     Directive
		peers []string
		want  bool
	}{
		{Directive{Kind: KindHadolint, IDs: []string{"DL3008"}}, nil, true},  // the rule's peers
		{Directive{Kind: KindHadolint, IDs: []string{"DL3008"}}, apk, false}, // apt-get's check, an apk finding
		{Directive{Kind: KindHadolint, IDs: []string{"dl3018"}}, apk, true},
		{Directive{Kind: KindHadolint, IDs: []string{"DL3008", "DL3018"}}, apk, true},
		{Directive{Kind: KindCheckov, IDs: []string{"CKV_X_1"}}, apk, true}, // Checkov's IDs are not narrowed
		{Directive{Kind: KindInline, IDs: []string{"dockerfile/package-pinning"}, Reason: "r"}, apk, true},
	} {
		if got := tc.d.CoversFinding(r, tc.peers); got != tc.want {
			t.Errorf("%v CoversFinding(peers %v) = %t, want %t", tc.d, tc.peers, got, tc.want)
		}
	}
	ig := model.Ignore{RuleID: "DL3008", Source: KindHadolint}
	if IgnoreCoversFinding(ig, r, apk) {
		t.Error("a global DL3008 ignore covers an apk finding")
	}
	if !IgnoreCoversFinding(ig, r, nil) || !IgnoreCoversFinding(model.Ignore{RuleID: "DL3018", Source: KindHadolint}, r, apk) {
		t.Error("global ignore of the finding's own check does not cover it")
	}
}

// TestTrivyExpiry checks that [exp:YYYY-MM-DD] on a Trivy or tfsec comment
// is read and ends the suppression after that day, as in Trivy.
func TestTrivyExpiry(t *testing.T) {
	d, ok := Parse(model.Pos{File: "main.tf", Line: 3}, "#trivy:ignore:AVD-AWS-0031[exp:2026-03-31]")
	if !ok || d.Kind != KindTrivy || len(d.IDs) != 1 || d.IDs[0] != "AVD-AWS-0031" {
		t.Fatalf("parsed %+v, %v", d, ok)
	}
	day := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if d.Expired(day("2026-03-31T23:59:00Z")) {
		t.Error("expired during its last day")
	}
	if !d.Expired(day("2026-04-01T00:00:00Z")) {
		t.Error("not expired the day after")
	}
	if d, _ := Parse(model.Pos{}, "#tfsec:ignore:aws-ecr-enforce-immutable-repository"); d.Expired(day("2100-01-01T00:00:00Z")) {
		t.Error("a comment without [exp:] expired")
	}
}
