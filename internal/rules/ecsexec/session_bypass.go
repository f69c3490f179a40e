package ecsexec

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-exec/session-bypass",
		Title:    "Direct SSM sessions to exec-enabled tasks are not denied",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "ECS Exec runs on Systems Manager: a principal allowed ssm:StartSession on the task can open a " +
			"session directly, which skips ECS Exec's logging and the ecs:ExecuteCommand authorisation. AWS " +
			"recommends denying ssm:StartSession on ECS task ARNs so that exec is the only way in. AWS documentation: Amazon ECS Developer Guide, \"Monitor Amazon ECS containers with ECS Exec\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "- Effect: Deny\n  Action: ssm:StartSession\n  Resource: !Sub arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:task/*",
			model.Terraform:      "statement {\n  effect    = \"Deny\"\n  actions   = [\"ssm:StartSession\"]\n  resources = [\"arn:aws:ecs:*:*:task/*\"]\n}",
		},
		Inputs: clusterInputs,
		Check: func(p *rule.Pass) {
			reportExecServices(p, deniesStartSession, "ECS Exec is enabled but no policy denies ssm:StartSession on ECS tasks, so a direct SSM session would skip exec logging; add a Deny for ssm:StartSession on arn:aws:ecs:*:*:task/*")
		},
	})
}

// deniesStartSession reports whether some policy of the state denies
// ssm:StartSession on ECS tasks (or its statement cannot be resolved).
func deniesStartSession(st *model.State) bool {
	var docs []*model.PolicyDocument
	for _, r := range model.Of[*model.IAMRole](st) {
		docs = append(docs, r.InlinePolicies...)
	}
	for _, p := range model.Of[*model.IAMPolicy](st) {
		docs = append(docs, p.Document)
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for _, s := range d.Statements {
			if !s.Effect.Is("Deny") || !(s.Actions.Has("ssm:StartSession", "ssm:*", "*", "ssm:Start*") || s.Actions.HasUnknown()) {
				continue
			}
			if s.Resources.HasUnknown() {
				return true
			}
			for _, r := range s.Resources.Items {
				if r.V == "*" || strings.Contains(r.V, ":ecs:") && strings.Contains(r.V, ":task/") {
					return true
				}
			}
			if s.Resources.P == model.Unknown {
				return true
			}
		}
	}
	return false
}
