package terraform

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

// TestProviderDefaults checks that arguments left out of Terraform
// resources take the AWS provider's documented defaults: a trail records
// one Region and logs; aws_ebs_encryption_by_default is on unless enabled
// = false; a task definition without network_mode uses bridge (absent: the
// AWS default, which the rules read as bridge); a detector is enabled.
func TestProviderDefaults(t *testing.T) {
	st := adaptDir(t, "testdata/defaults", Options{})
	tr := one[*model.Trail](t, st)
	if !tr.IsMultiRegion.NotTrue() || tr.IsMultiRegion.Known() || !tr.IsLogging.True() {
		t.Errorf("trail: multi-region %+v, logging %+v", tr.IsMultiRegion, tr.IsLogging)
	}
	for _, e := range model.Of[*model.EBSEncryptionByDefault](st) {
		switch e.ID {
		case "aws_ebs_encryption_by_default.off":
			if !e.Enabled.Known() || e.Enabled.V {
				t.Errorf("enabled = false: %+v", e.Enabled)
			}
		case "aws_ebs_encryption_by_default.on":
			if !e.Enabled.True() {
				t.Errorf("enabled left out: %+v, want true", e.Enabled)
			}
		}
	}
	td := one[*model.TaskDefinition](t, st)
	if td.NetworkMode.P != model.Absent || td.NetworkMode.Is("awsvpc") {
		t.Errorf("network mode %+v, want absent (bridge)", td.NetworkMode)
	}
	if g := one[*model.GuardDutyDetector](t, st); !g.Enable.True() {
		t.Errorf("detector enable %+v, want true", g.Enable)
	}
	if r := one[*model.EventRule](t, st); r.State.Is("DISABLED") {
		t.Errorf("event rule state %+v, want enabled", r.State)
	}
}
