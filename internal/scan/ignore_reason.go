package scan

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

// The suppression stage, not a check over the model, reports
// shipshape:ignore comments that give no reason; registering the rule makes
// it listed, explainable, configurable and known to SARIF like any other.
func init() {
	rule.Register(&rule.Rule{
		ID:       UnjustifiedIgnoreID,
		Title:    "Suppression without a reason",
		Phase:    finding.PhaseImage,
		Severity: finding.Low,
		Rationale: "A suppression hides a finding from everyone who reads the report later; the reason is what " +
			"lets a reviewer accept or challenge it. A shipshape:ignore comment without \"-- reason\" is not applied " +
			"and is reported under this ID instead.",
		Remediation: map[model.Format]string{
			model.CloudFormation: "# shipshape:ignore ecs-task/readonly-rootfs -- legacy app writes to /tmp; fixed in PLAT-123",
			model.Dockerfile:     "# shipshape:ignore dockerfile/root-user -- base image drops privileges in its entrypoint",
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.Kubernetes, model.Dockerfile},
		Check:  func(*rule.Pass) {}, // reported by finish, which sees the comments
	})
}
