package account_test

import (
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// check runs one rule on a hand-built state and returns the lines reported.
func check(t *testing.T, id string, st *model.State) []int {
	t.Helper()
	r := rule.Lookup(id)
	if r == nil {
		t.Fatalf("rule %s is not registered", id)
	}
	var lines []int
	r.Check(rule.NewPass(r, st, nil, func(f finding.Finding) { lines = append(lines, f.Pos.Line) }))
	return lines
}

func pos(line int) model.Pos { return model.Pos{File: "main.tf", Line: line} }

func known(v string, line int) model.Str { return model.Str{V: v, P: model.Known, Pos: pos(line)} }

func enabler(id string, line int, types ...model.Str) *model.InspectorEnabler {
	return &model.InspectorEnabler{
		Meta:          model.Meta{ID: id, Type: "aws_inspector2_enabler", Format: model.Terraform, Pos: pos(line)},
		ResourceTypes: model.List{Items: types, P: model.Known, Pos: pos(line + 1)},
	}
}

func TestInspectorECR(t *testing.T) {
	tests := []struct {
		name     string
		enablers []*model.InspectorEnabler
		want     []int
	}{
		{"nothing declared", nil, nil},
		{"ECR enabled", []*model.InspectorEnabler{enabler("a", 1, known("EC2", 2), known("ECR", 2))}, nil},
		{"ECR in lower case", []*model.InspectorEnabler{enabler("a", 1, known("ecr", 2))}, nil},
		{"EC2 only", []*model.InspectorEnabler{enabler("a", 1, known("EC2", 2), known("LAMBDA", 2))}, []int{2}},
		{"ECR in another enabler", []*model.InspectorEnabler{enabler("a", 1, known("EC2", 2)), enabler("b", 5, known("ECR", 6))}, nil},
		{"unknown type", []*model.InspectorEnabler{enabler("a", 1, known("EC2", 2), model.Str{P: model.Unknown, Pos: pos(2)})}, nil},
		{"two without ECR", []*model.InspectorEnabler{enabler("a", 1, known("EC2", 2)), enabler("b", 5, known("LAMBDA", 6))}, []int{2, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := model.NewState("main.tf", model.Terraform)
			for _, e := range tt.enablers {
				st.Add(e)
			}
			if got := check(t, "inspector/ecr-enabled", st); !equal(got, tt.want) {
				t.Errorf("reported lines %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("unknown list", func(t *testing.T) {
		st := model.NewState("main.tf", model.Terraform)
		e := enabler("a", 1)
		e.ResourceTypes.P = model.Unknown
		st.Add(e)
		if got := check(t, "inspector/ecr-enabled", st); len(got) != 0 {
			t.Errorf("reported lines %v for an unknown list", got)
		}
	})
}

// TestGuardDutySeparateFeature checks that a feature declared as a resource
// of its own (aws_guardduty_detector_feature) counts for the detector it names.
func TestGuardDutySeparateFeature(t *testing.T) {
	build := func(fargate string) *model.State {
		st := model.NewState("main.tf", model.Terraform)
		det := &model.GuardDutyDetector{
			Meta:   model.Meta{ID: "aws_guardduty_detector.main", Format: model.Terraform, Pos: pos(1)},
			Enable: model.Bool{V: true, P: model.Known, Pos: pos(2)},
		}
		feat := &model.GuardDutyDetectorFeature{
			Meta:     model.Meta{ID: "aws_guardduty_detector_feature.runtime", Format: model.Terraform, Pos: pos(5)},
			Detector: model.Str{P: model.Unknown, Refs: []model.Ref{{Target: "aws_guardduty_detector.main", Attr: "id"}}},
			Feature: model.GuardDutyFeature{
				Name: known("RUNTIME_MONITORING", 7), Status: known("ENABLED", 8), Pos: pos(5),
				Additional: []model.GuardDutyFeature{{Name: known("ECS_FARGATE_AGENT_MANAGEMENT", 10), Status: known(fargate, 11), Pos: pos(9)}},
			},
		}
		st.Add(det, feat)
		return st
	}
	if got := check(t, "guardduty/ecs-runtime", build("ENABLED")); len(got) != 0 {
		t.Errorf("reported lines %v with the Fargate agent enabled", got)
	}
	if got := check(t, "guardduty/ecs-runtime", build("DISABLED")); !equal(got, []int{9}) {
		t.Errorf("reported lines %v, want [9]", got)
	}
}

// TestEBSEncryptionByDefault checks that a module turning on EBS encryption
// by default is not reported for volumes that do not set Encrypted.
func TestEBSEncryptionByDefault(t *testing.T) {
	build := func(def *model.Bool) *model.State {
		st := model.NewState("main.tf", model.Terraform)
		st.Add(&model.BlockStorage{
			Meta:    model.Meta{ID: "aws_instance.node", Format: model.Terraform, Pos: pos(1)},
			Devices: []model.BlockDevice{{Pos: pos(3)}},
		})
		if def != nil {
			st.Add(&model.EBSEncryptionByDefault{Meta: model.Meta{ID: "aws_ebs_encryption_by_default.on", Pos: pos(10)}, Enabled: *def})
		}
		return st
	}
	tests := []struct {
		name string
		def  *model.Bool
		want []int
	}{
		{"no default setting", nil, []int{3}},
		{"default on (enabled omitted)", &model.Bool{}, nil},
		{"default on", &model.Bool{V: true, P: model.Known}, nil},
		{"default unknown", &model.Bool{P: model.Unknown}, nil},
		{"default off", &model.Bool{V: false, P: model.Known}, []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := check(t, "data/ebs-encrypted", build(tt.def)); !equal(got, tt.want) {
				t.Errorf("reported lines %v, want %v", got, tt.want)
			}
		})
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
