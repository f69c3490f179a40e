package terraform

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

func TestIsOverrideFile(t *testing.T) {
	for name, want := range map[string]bool{
		"override.tf": true, "override.tf.json": true, "ecs_override.tf": true, "dir/ecs_override.tf.json": true,
		"main.tf": false, "overrides.tf": false, "myoverride.tf": false, "override.tfvars": false, "override.json": false,
	} {
		if got := IsOverrideFile(name); got != want {
			t.Errorf("IsOverrideFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestOverrideMerge checks count, module and output overrides, and that an
// override without a base block is ignored with a notice.
func TestOverrideMerge(t *testing.T) {
	main := `
resource "aws_ecs_service" "gone" {
  count                  = 1
  enable_execute_command = true
}
resource "aws_ecs_service" "kept" {
  launch_type = "EC2"
  network_configuration {
    assign_public_ip = true
    subnets          = ["a"]
  }
}
`
	over := `
resource "aws_ecs_service" "gone" {
  count = 0
}
resource "aws_ecs_service" "kept" {
  launch_type = "FARGATE"
}
resource "aws_ecs_service" "nowhere" {
  launch_type = "FARGATE"
}
`
	states, diags := adaptText(t, Options{},
		File{Path: "mod/main.tf", Name: "main.tf", Data: []byte(main)},
		File{Path: "mod/svc_override.tf", Name: "svc_override.tf", Data: []byte(over)})
	if len(diags) != 1 || !strings.Contains(diags[0], "aws_ecs_service.nowhere") {
		t.Errorf("diagnostics: %v", diags)
	}
	svcs := model.Of[*model.ECSService](states[0])
	if len(svcs) != 1 || svcs[0].ID != "aws_ecs_service.kept" {
		t.Fatalf("services: %+v", svcs)
	}
	s := svcs[0]
	if !s.LaunchType.Is("FARGATE") || s.LaunchType.Pos.File != "mod/main.tf" || s.LaunchType.Pos.Line != 6 {
		t.Errorf("launch type: %+v", s.LaunchType)
	}
	if !s.AssignPublicIP.Is("ENABLED") || s.AssignPublicIP.Pos.Line != 9 {
		t.Errorf("network configuration not kept: %+v", s.AssignPublicIP)
	}
}
