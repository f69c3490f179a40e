package account

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "guardduty/ecs-runtime",
		Title:    "GuardDuty Runtime Monitoring does not cover ECS Fargate",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Medium,
		Rationale: "The guide \"AWSのコンテナセキュリティを考えるoverview\" (Fusic on Zenn) names GuardDuty Runtime Monitoring as the runtime threat detection for containers. " +
			"On Fargate it works only when the RUNTIME_MONITORING feature is enabled with the " +
			"ECS_FARGATE_AGENT_MANAGEMENT configuration, which makes GuardDuty inject its agent into new tasks " +
			"(or when every cluster is tagged for manual agent management). The older EKS_RUNTIME_MONITORING " +
			"feature covers EKS only. AWS documentation: Amazon GuardDuty User Guide, \"Runtime Monitoring\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n    Enable: true\n    Features:\n      - Name: RUNTIME_MONITORING\n        Status: ENABLED\n        AdditionalConfiguration:\n          - Name: ECS_FARGATE_AGENT_MANAGEMENT\n            Status: ENABLED",
			model.Terraform:      "resource \"aws_guardduty_detector_feature\" \"runtime\" {\n  detector_id = aws_guardduty_detector.main.id\n  name        = \"RUNTIME_MONITORING\"\n  status      = \"ENABLED\"\n  additional_configuration {\n    name   = \"ECS_FARGATE_AGENT_MANAGEMENT\"\n    status = \"ENABLED\"\n  }\n}",
			model.LiveAWS:        "aws guardduty update-detector --detector-id DETECTOR_ID --features '[{\"Name\":\"RUNTIME_MONITORING\",\"Status\":\"ENABLED\",\"AdditionalConfiguration\":[{\"Name\":\"ECS_FARGATE_AGENT_MANAGEMENT\",\"Status\":\"ENABLED\"}]}]'",
		},
		Inputs: inputs,
		Peers:  rule.Peers{SecurityHub: []string{"GuardDuty.1", "GuardDuty.12"}},
		Check: func(p *rule.Pass) {
			if len(model.Of[*model.GuardDutyDetector](p.State)) == 0 {
				for _, a := range liveAccount(p.State) {
					p.Reportf(a, a.Pos, "GuardDuty has no detector in %s of account %s, so ECS tasks are not watched at runtime; enable GuardDuty with the RUNTIME_MONITORING feature and ECS_FARGATE_AGENT_MANAGEMENT", a.Region, a.Account)
				}
			}
			for _, det := range model.Of[*model.GuardDutyDetector](p.State) {
				if det.Enable.Known() && !det.Enable.V {
					p.Reportf(det, det.Enable.Pos, "the GuardDuty detector is disabled (Enable: false); set Enable: true and enable RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT")
					continue
				}
				if det.Enable.P == model.Unknown {
					continue
				}
				if pos, msg, bad := ecsRuntimeFault(det, detectorFeatures(p.State, det)); bad {
					p.Reportf(det, pos, "%s", msg)
				}
			}
		},
	})
}

// detectorFeatures returns the features of a detector: those written on it
// and those declared as resources of their own that name it (or, when the
// state has one detector, that name one that cannot be resolved).
func detectorFeatures(st *model.State, det *model.GuardDutyDetector) []model.GuardDutyFeature {
	out := append([]model.GuardDutyFeature(nil), det.Features...)
	detectors := model.Of[*model.GuardDutyDetector](st)
	for _, f := range model.Of[*model.GuardDutyDetectorFeature](st) {
		t, ok := model.Target[*model.GuardDutyDetector](st, f.Detector, nil)
		if (ok && t == det) || (!ok && len(detectors) == 1 && f.Detector.P != model.Known) {
			out = append(out, f.Feature)
		}
	}
	return out
}

// ecsRuntimeFault says where and why the features leave ECS Fargate
// unmonitored; bad is false when they cover it or cannot be resolved.
func ecsRuntimeFault(det *model.GuardDutyDetector, features []model.GuardDutyFeature) (pos model.Pos, msg string, bad bool) {
	var runtime, eks *model.GuardDutyFeature
	for i := range features {
		f := &features[i]
		switch {
		case f.Name.P == model.Unknown:
			return pos, "", false
		case f.Name.Is("RUNTIME_MONITORING"):
			runtime = f
		case f.Name.Is("EKS_RUNTIME_MONITORING"):
			eks = f
		}
	}
	base := det.FeaturesPos.Or(det.Pos)
	switch {
	case runtime == nil && eks != nil && eks.Status.Is("ENABLED"):
		return eks.Pos.Or(base), "only EKS_RUNTIME_MONITORING is enabled, which does not cover ECS; enable RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT instead", true
	case runtime == nil:
		return base, "the detector does not enable Runtime Monitoring, so ECS tasks are not watched at runtime; add the RUNTIME_MONITORING feature with ECS_FARGATE_AGENT_MANAGEMENT enabled", true
	case runtime.Status.P == model.Unknown:
		return pos, "", false
	case !runtime.Status.Is("ENABLED"):
		return runtime.Pos.Or(base), "RUNTIME_MONITORING is not ENABLED; set its Status to ENABLED with ECS_FARGATE_AGENT_MANAGEMENT", true
	}
	for _, a := range runtime.Additional {
		switch {
		case a.Name.P == model.Unknown:
			return pos, "", false
		case !a.Name.Is("ECS_FARGATE_AGENT_MANAGEMENT"):
		case a.Status.Is("ENABLED") || a.Status.P == model.Unknown:
			return pos, "", false
		default:
			return a.Pos.Or(runtime.Pos), "ECS_FARGATE_AGENT_MANAGEMENT is not ENABLED, so GuardDuty puts no agent in Fargate tasks; set its Status to ENABLED (or tag every cluster for manual agent management)", true
		}
	}
	return runtime.Pos.Or(base), "Runtime Monitoring is enabled without ECS_FARGATE_AGENT_MANAGEMENT, so GuardDuty puts no agent in Fargate tasks; add that AdditionalConfiguration with Status ENABLED (or tag every cluster for manual agent management)", true
}
