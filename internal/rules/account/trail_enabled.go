package account

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "trail/enabled",
		Title:    "No multi-Region CloudTrail trail logging management events",
		Phase:    finding.PhaseRuntime,
		Severity: finding.High,
		Rationale: "CloudTrail is the record of every API call, ECS Exec's ExecuteCommand included (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": watch " +
			"CloudTrail for ExecuteCommand). A trail that is off, covers one Region, or leaves out read or write " +
			"management events misses exactly the activity an investigation needs. A template or module that " +
			"declares no trail is not reported; when it declares several, one trail doing the job is enough. AWS documentation: AWS CloudTrail User Guide.",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    IsMultiRegionTrail: true\n    IncludeGlobalServiceEvents: true\n    S3BucketName: !Ref TrailBucket\n    EventSelectors:\n      - IncludeManagementEvents: true\n        ReadWriteType: All",
			model.Terraform:      "resource \"aws_cloudtrail\" \"main\" {\n  name                  = \"main\"\n  s3_bucket_name        = aws_s3_bucket.trail.id\n  enable_logging        = true\n  is_multi_region_trail = true\n  event_selector {\n    include_management_events = true\n    read_write_type           = \"All\"\n  }\n}",
			model.LiveAWS:        "aws cloudtrail update-trail --name main --is-multi-region-trail && aws cloudtrail start-logging --name main",
		},
		Inputs: inputs,
		Peers: rule.Peers{
			SecurityHub: []string{"CloudTrail.1"},
			Checkov:     []string{"CKV_AWS_67"},
			Trivy:       []string{"AVD-AWS-0014"},
		},
		Check: func(p *rule.Pass) {
			trails := model.Of[*model.Trail](p.State)
			if len(trails) == 0 {
				for _, a := range liveAccount(p.State) {
					p.Reportf(a, a.Pos, "no CloudTrail trail logs %s of account %s, so API calls such as ExecuteCommand are not recorded; create a multi-Region trail that logs management events", a.Region, a.Account)
				}
			}
			faults := make([][]trailFault, len(trails))
			for i, t := range trails {
				faults[i] = trailFaults(t)
				if len(faults[i]) == 0 {
					return // one trail that does the job (or may, where values are unknown)
				}
			}
			for i, t := range trails {
				for _, f := range faults[i] {
					p.Reportf(t, f.pos, "%s", f.msg)
				}
			}
		},
	})
}

type trailFault struct {
	pos model.Pos
	msg string
}

// trailFaults lists what keeps a trail from recording management events in
// every Region; unknown values are not faults.
func trailFaults(t *model.Trail) []trailFault {
	var out []trailFault
	if t.IsLogging.Known() && !t.IsLogging.V {
		out = append(out, trailFault{t.IsLogging.Pos, "IsLogging is false, so the trail records nothing; set IsLogging: true"})
	}
	if t.IsMultiRegion.NotTrue() {
		out = append(out, trailFault{t.IsMultiRegion.Pos.Or(t.Pos), "the trail records one Region only; set IsMultiRegionTrail: true so activity in every Region is logged"})
	}
	if t.ManagementEvents.Known() && !t.ManagementEvents.V {
		msg := "the event selectors leave out management events (API calls such as ExecuteCommand and RunTask); log them with IncludeManagementEvents: true and ReadWriteType: All, or with an advanced selector on eventCategory Management"
		switch t.ManagementOnly {
		case "ReadOnly":
			msg = "the event selectors log read-only management events only, so write calls such as ExecuteCommand and RunTask are missed; set ReadWriteType: All"
		case "WriteOnly":
			msg = "the event selectors log write management events only; set ReadWriteType: All to record read calls too"
		}
		out = append(out, trailFault{t.ManagementEventPos.Or(t.Pos), msg})
	}
	return out
}
