package ecstask

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecs-task/role-wildcard",
		Title:    "Task role allows all actions or all resources of a sensitive service",
		Phase:    finding.PhaseOrchestrator,
		Severity: finding.High,
		Rationale: "The task and execution roles are what a compromised container can do in the account. Grant " +
			"least privilege (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": keep permissions minimal): no \"*\" actions, and no \"*\" resources for " +
			"services that hold data or control access (IAM, STS, KMS, Secrets Manager, SSM, S3, ECR, ...). AWS documentation: Amazon ECS Developer Guide, \"Amazon ECS task IAM role\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Statement:\n  - Effect: Allow\n    Action: [s3:GetObject]\n    Resource: !Sub arn:aws:s3:::${Bucket}/uploads/*",
			model.Terraform:      "statement {\n  actions   = [\"s3:GetObject\"]\n  resources = [\"${aws_s3_bucket.uploads.arn}/uploads/*\"]\n}",
		},
		Inputs: []model.Format{model.CloudFormation, model.Terraform, model.LiveAWS},
		Peers:  rule.Peers{CfnNag: []string{"F3", "W11"}},
		Check:  checkRoleWildcard,
	})
}

// sensitiveServices hold data or control access: "*" resources on them are reported.
var sensitiveServices = map[string]bool{
	"iam": true, "sts": true, "kms": true, "secretsmanager": true, "ssm": true, "s3": true, "ecr": true,
	"ecs": true, "ec2": true, "lambda": true, "dynamodb": true, "rds": true, "organizations": true,
	"cloudformation": true, "sqs": true, "sns": true, "eks": true, "codebuild": true, "codecommit": true,
}

// harmlessStar are actions that only work on "*" or read metadata, and grant
// nothing sensitive. A key ending in "*" matches every action it starts
// (ec2:describe* covers ec2:DescribeInstances and ec2:Describe*).
var harmlessStar = map[string]bool{
	"ecr:getauthorizationtoken": true, "sts:getcalleridentity": true, "ec2:describe*": true,
	"ssm:describeparameters": true, "kms:listaliases": true, "kms:listkeys": true, "s3:listallmybuckets": true,
	"iam:listroles": true, "ecs:listclusters": true, "ecs:discoverpollendpoint": true, "ecs:describe*": true,
	"ecs:list*": true, "ecs:submit*": true, "ecs:registercontainerinstance": true, "ecs:deregistercontainerinstance": true,
	"ecs:poll": true, "ecs:starttelemetrysession": true, "ecs:updatecontainerinstancesstate": true,
	"sqs:listqueues": true, "sqs:getqueueurl": true, "sns:listtopics": true, "lambda:listfunctions": true, "dynamodb:listtables": true,
}

// imagePull are the actions the ECS agent needs to pull from ECR. AWS's own
// AmazonECSTaskExecutionRolePolicy grants them on "*": on an execution role
// (whose credentials the containers never see) they are not reported.
var imagePull = map[string]bool{
	"ecr:batchchecklayeravailability": true, "ecr:getdownloadurlforlayer": true, "ecr:batchgetimage": true,
}

// harmless reports whether an action on "*" is not worth reporting for a role
// used only as an execution role (execOnly) or also as a task role.
func harmless(act string, execOnly bool) bool {
	if harmlessStar[act] || execOnly && imagePull[act] {
		return true
	}
	for k := range harmlessStar {
		if prefix, ok := strings.CutSuffix(k, "*"); ok && strings.HasPrefix(act, prefix) {
			return true
		}
	}
	return false
}

func checkRoleWildcard(p *rule.Pass) {
	type use struct {
		td   *model.TaskDefinition
		kind string
	}
	roles := map[*model.IAMRole][]use{}
	var order []*model.IAMRole
	for _, td := range model.Of[*model.TaskDefinition](p.State) {
		for _, r := range []struct {
			ref  model.Str
			kind string
		}{{td.TaskRole, "task role"}, {td.ExecutionRole, "execution role"}} {
			role, ok := model.Target[*model.IAMRole](p.State, r.ref, func(x *model.IAMRole) model.Str { return x.Name })
			if !ok {
				continue
			}
			if roles[role] == nil {
				order = append(order, role)
			}
			roles[role] = append(roles[role], use{td, r.kind})
		}
	}
	for _, role := range order {
		uses := roles[role]
		who := uses[0].kind + " of " + uses[0].td.ID
		execOnly := true
		for _, u := range uses {
			execOnly = execOnly && u.kind == "execution role"
		}
		for _, doc := range role.InlinePolicies {
			reportStatements(p, role, doc, who, execOnly)
		}
		for _, pol := range model.Of[*model.IAMPolicy](p.State) {
			if attached(p.State, pol, role) && pol.Document != nil {
				reportStatements(p, pol, pol.Document, who, execOnly)
			}
		}
		for _, arn := range role.ManagedPolicies.Items {
			if arn.Known() && (strings.HasSuffix(arn.V, ":policy/AdministratorAccess") || strings.HasSuffix(arn.V, ":policy/PowerUserAccess")) {
				p.Reportf(role, arn.Pos.Or(role.ManagedPolicies.Pos), "the %s has the managed policy %s; grant only the actions the task needs", who, arn.V[strings.LastIndex(arn.V, "/")+1:])
			}
			if pol, ok := model.Target[*model.IAMPolicy](p.State, arn, nil); ok && pol.Document != nil {
				reportStatements(p, pol, pol.Document, who, execOnly)
			}
		}
	}
}

// attached reports whether a standalone policy names the role.
func attached(st *model.State, pol *model.IAMPolicy, role *model.IAMRole) bool {
	for _, r := range pol.Roles.Items {
		if t, ok := model.Target[*model.IAMRole](st, r, func(x *model.IAMRole) model.Str { return x.Name }); ok && t == role {
			return true
		}
	}
	return false
}

func reportStatements(p *rule.Pass, res model.Resource, doc *model.PolicyDocument, who string, execOnly bool) {
	for _, s := range doc.Statements {
		if !s.Effect.Is("Allow") {
			continue
		}
		starResource := s.Resources.Has("*")
		var wildcards, onEverything []string
		at := model.Pos{}
		for _, a := range s.Actions.Items {
			if !a.Known() {
				continue
			}
			act := strings.ToLower(a.V)
			svc, verb, _ := strings.Cut(act, ":")
			switch {
			case act == "*" || (verb == "*" && sensitiveServices[svc]):
				wildcards = append(wildcards, a.V)
			case starResource && sensitiveServices[svc] && !harmless(act, execOnly):
				onEverything = append(onEverything, a.V)
			default:
				continue
			}
			at = at.Or(a.Pos)
		}
		at = at.Or(s.Actions.Pos).Or(s.Pos)
		if len(wildcards) > 0 {
			p.Reportf(res, at, "the %s allows %s; list the actions the task needs", who, describeActions(wildcards))
		} else if len(onEverything) > 0 {
			p.Reportf(res, at, "the %s allows %s on every resource (\"*\"); scope Resource to the ARNs the task uses", who, strings.Join(onEverything, ", "))
		}
		if s.NotAction.P == model.Known && len(s.NotAction.Items) > 0 {
			p.Reportf(res, s.NotAction.Pos, "the %s allows everything except the listed actions (NotAction with Allow); list the allowed actions instead", who)
		}
	}
}

func describeActions(acts []string) string {
	for _, a := range acts {
		if a == "*" {
			return "every action (\"*\")"
		}
	}
	return "every action of " + strings.Join(acts, ", ")
}
