package ecsexec

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/audit-alert",
		Title:    "Nothing alerts on ECS Exec use",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Every ECS Exec session is recorded in CloudTrail as an ExecuteCommand event; watching for it " +
			"reveals unexpected access to running containers (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": monitor ECS Exec events in CloudTrail). " +
			"This rule looks for an EventBridge rule or CloudWatch Logs metric filter matching ExecuteCommand in " +
			"the same template, module or account. AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ExecAlert:\n  Type: AWS::Events::Rule\n  Properties:\n    EventPattern:\n      source: [aws.ecs]\n      detail-type: [AWS API Call via CloudTrail]\n      detail:\n        eventName: [ExecuteCommand]\n    Targets:\n      - Arn: !Ref AlertTopic\n        Id: alert",
			model.Terraform:      "resource \"aws_cloudwatch_event_rule\" \"ecs_exec\" {\n  event_pattern = jsonencode({\n    source        = [\"aws.ecs\"]\n    \"detail-type\" = [\"AWS API Call via CloudTrail\"]\n    detail        = { eventName = [\"ExecuteCommand\"] }\n  })\n}",
		},
		Inputs: clusterInputs,
		Check: func(p *rule.Pass) {
			reportExecServices(p, watched, "ECS Exec is enabled but no EventBridge rule or metric filter watches CloudTrail for ExecuteCommand; add one that alerts")
		},
	})
}

// watched reports whether some rule or metric filter of the state may match
// ExecuteCommand events (an unresolved pattern is given the benefit of the doubt).
func watched(st *model.State) bool {
	for _, r := range model.Of[*model.EventRule](st) {
		if r.State.Is("DISABLED") {
			continue
		}
		if matchesExecuteCommand(r.Pattern) {
			return true
		}
	}
	for _, f := range model.Of[*model.MetricFilter](st) {
		if f.Pattern.P == model.Unknown || (f.Pattern.Known() && strings.Contains(f.Pattern.V, "ExecuteCommand")) {
			return true
		}
	}
	return false
}

func matchesExecuteCommand(pat model.Pattern) bool {
	if !pat.Known {
		return pat.Pos.Line > 0 // a pattern was written but could not be resolved
	}
	if names, ok := pat.Fields["detail.eventName"]; ok {
		for _, n := range names {
			if n == "ExecuteCommand" || (strings.HasPrefix(n, "prefix:") && strings.HasPrefix("ExecuteCommand", strings.TrimPrefix(n, "prefix:"))) {
				return true
			}
		}
		return false
	}
	// No event name filter: every ECS API call recorded by CloudTrail matches.
	sources, hasSource := pat.Fields["source"]
	if hasSource && !contains(sources, "aws.ecs") {
		return false
	}
	types, hasType := pat.Fields["detail-type"]
	return hasSource && (!hasType || contains(types, "AWS API Call via CloudTrail"))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
