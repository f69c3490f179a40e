package account

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "data/log-group-kms",
		Title:    "Log group without a KMS key",
		Phase:    finding.PhaseRuntime,
		Severity: finding.Low,
		Rationale: "Container logs and ECS Exec session logs carry whatever the application and its operators " +
			"print, secrets included. CloudWatch Logs encrypts them with a service key by default; a customer " +
			"KMS key (KmsKeyId) puts reading them under a key policy and records every use in CloudTrail (" +
			"Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": data protection; Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": encrypt exec logs). Log groups that a task definition's " +
			"awslogs driver or a cluster's exec logging writes to say so; other log groups are reported too, as Checkov and KICS do, " +
			"since what writes to them may be outside the scan. AWS documentation: Amazon CloudWatch Logs User Guide, \"Encrypt log data in CloudWatch Logs using AWS Key Management Service\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /ecs/app\n    KmsKeyId: !GetAtt LogKey.Arn   # the key policy must allow logs.REGION.amazonaws.com",
			model.Terraform:      "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name       = \"/ecs/app\"\n  kms_key_id = aws_kms_key.logs.arn\n}",
			model.LiveAWS:        "aws logs associate-kms-key --log-group-name /ecs/app --kms-key-id arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
		},
		Inputs: inputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_AWS_158"}, Trivy: []string{"AVD-AWS-0017"}},
		Fixes:  map[model.Format]rule.FixFunc{model.CloudFormation: fixLogGroupKMS, model.Terraform: fixLogGroupKMSTF},
		Check: func(p *rule.Pass) {
			users := logGroupUsers(p.State)
			for _, lg := range model.Of[*model.LogGroup](p.State) {
				who := users[lg]
				if !lg.KMSKey.KnownEmpty() {
					continue
				}
				key := rule.Prop(lg.Format, "KmsKeyId")
				if len(who) == 0 {
					p.Reportf(lg, lg.KMSKey.Pos.Or(lg.Pos), "log group %s has no %s (nothing in the scan ties it to ECS tasks or ECS Exec, but what writes to it may be elsewhere); set %s to a customer managed KMS key", lg.ID, key, key)
					continue
				}
				p.Reportf(lg, lg.KMSKey.Pos.Or(lg.Pos), "log group %s receives logs of %s but has no %s; set %s to a customer managed KMS key", lg.ID, describeUsers(who), key, key)
			}
		},
	})
}

// logGroupUsers maps each log group of the state to what writes to it: task
// definitions with awslogs containers and clusters' ECS Exec logging.
func logGroupUsers(st *model.State) map[*model.LogGroup][]string {
	out := map[*model.LogGroup][]string{}
	for _, td := range model.Of[*model.TaskDefinition](st) {
		seen := map[*model.LogGroup]bool{}
		for _, c := range td.Containers {
			if !c.LogDriver.Is("awslogs") {
				continue
			}
			if lg, ok := findLogGroup(st, c.LogGroup); ok && !seen[lg] {
				seen[lg] = true
				out[lg] = append(out[lg], "task definition "+td.ID)
			}
		}
	}
	for _, c := range model.Of[*model.ECSCluster](st) {
		if !c.ExecLogging.Is("OVERRIDE") {
			continue
		}
		if lg, ok := findLogGroup(st, c.ExecLogGroup); ok {
			out[lg] = append(out[lg], "ECS Exec sessions of cluster "+c.ID)
		}
	}
	return out
}

// findLogGroup resolves a log group reference: a Ref or GetAtt, a literal
// name or ARN, or a Fn::Sub pattern written the same way as the log group's
// own name ("/ecs/${AWS::StackName}").
func findLogGroup(st *model.State, ref model.Str) (*model.LogGroup, bool) {
	if lg, ok := model.Target[*model.LogGroup](st, ref, func(l *model.LogGroup) model.Str { return l.Name }); ok {
		return lg, true
	}
	if ref.Partial == "" || len(strings.ReplaceAll(ref.Partial, "\x00", "")) < 2 {
		return nil, false
	}
	for _, lg := range model.Of[*model.LogGroup](st) {
		if lg.Name.P == model.Unknown && lg.Name.Partial == ref.Partial {
			return lg, true
		}
	}
	return nil, false
}

// describeUsers names up to three writers, sorted, and counts the rest.
func describeUsers(who []string) string {
	sort.Strings(who)
	if len(who) <= 3 {
		return strings.Join(who, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(who[:3], ", "), len(who)-3)
}

// fixLogGroupKMS sets the log group's KmsKeyId to the chosen key.
func fixLogGroupKMS(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if key, ok := p.KMSKey(d); ok && p.Try(d.SetProperty(p.Finding.Resource, []string{"KmsKeyId"}, key)) {
		p.Notef("the key policy must allow the CloudWatch Logs service (logs.REGION.amazonaws.com) to use the key")
	}
}

// fixLogGroupKMSTF sets the log group's kms_key_id to the chosen key.
func fixLogGroupKMSTF(p *rule.FixPass) {
	key, ok := p.TFKMSKey()
	if !ok {
		return
	}
	if t, blk := p.TF(); t != nil && p.Try(nil, t.Set(blk.Body, []string{"kms_key_id"}, key)) && p.Done(t) {
		p.Notef("the key policy must allow the CloudWatch Logs service (logs.REGION.amazonaws.com) to use the key")
	}
}
