package ecr

import (
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/policy-wide-actions",
		Title:    "ECR repository policy grants every action or write actions broadly",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.High,
		Rationale: "Whoever can push to a repository decides what every task pulling from it runs: an image pushed " +
			"under an existing tag, a deleted image or a replaced repository policy is a supply-chain attack. A " +
			"repository policy should give other accounts only the pull actions and reserve push, delete and policy " +
			"actions for named roles of the owning account (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": protect the registry with access control; grant " +
			"minimal permissions). Reported: \"*\", \"ecr:*\" or Allow with NotAction granted to \"*\" or to a named " +
			"principal, and write actions granted to \"*\" (even when a Condition limits it to an organization, a VPC " +
			"endpoint or an address range) or to a named account. The template's own account written as " +
			"${AWS::AccountId} (or any principal resolved only at deploy time) is not reported, nor is a \"*\" " +
			"principal whose Condition names accounts or ARNs. AWS documentation: Amazon ECR User Guide, \"Private repository policies in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "RepositoryPolicyText:\n  Version: \"2012-10-17\"\n  Statement:\n    - Sid: PullOnly\n      Effect: Allow\n      Principal:\n        AWS: !Sub arn:aws:iam::${ConsumerAccountId}:root\n      Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability]\n    - Sid: PushFromPipeline\n      Effect: Allow\n      Principal:\n        AWS: !GetAtt PipelineRole.Arn\n      Action: [ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability]",
			model.Terraform:      "data \"aws_iam_policy_document\" \"repo\" {\n  statement {\n    sid     = \"PullOnly\"\n    actions = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\", \"ecr:BatchCheckLayerAvailability\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::${var.consumer_account_id}:root\"]\n    }\n  }\n}",
			model.LiveAWS:        "aws ecr set-repository-policy --repository-name REPOSITORY --policy-text file://pull-only-policy.json",
		},
		Inputs: repoInputs,
		Peers:  rule.Peers{},
		Check:  checkWideActions,
	})
}

// writeVerbs are the ECR (and ECR Public) actions that change what a
// repository serves or who may change it.
var writeVerbs = []string{
	"PutImage", "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "BatchDeleteImage",
	"DeleteRepository", "SetRepositoryPolicy", "DeleteRepositoryPolicy", "PutLifecyclePolicy",
	"DeleteLifecyclePolicy", "PutImageTagMutability", "PutImageScanningConfiguration",
}

// classify sorts the known actions of a statement into every-action grants
// ("*", "ecr:*") and write actions (a pattern such as ecr:Put* counts when it
// covers a write action).
func classify(acts model.List) (wide, write []string, at model.Pos) {
	for _, a := range acts.Items {
		if !a.Known() {
			continue
		}
		svc, verb, _ := strings.Cut(strings.ToLower(a.V), ":")
		switch {
		case a.V == "*" || ((svc == "ecr" || svc == "ecr-public") && verb == "*"):
			wide = append(wide, a.V)
		case svc == "ecr" || svc == "ecr-public":
			covers := false
			for _, w := range writeVerbs {
				if wildcardMatch(verb, w) {
					covers = true
					break
				}
			}
			if !covers {
				continue
			}
			write = append(write, a.V)
		default:
			continue
		}
		at = at.Or(a.Pos)
	}
	return wide, write, at
}

func checkWideActions(p *rule.Pass) {
	own := ""
	switch p.State.Format {
	case model.CloudFormation:
		own = "${AWS::AccountId}"
	case model.Terraform:
		own = "data.aws_caller_identity.current.account_id"
	}
	for _, ap := range repoPolicies(p.State) {
		for _, s := range ap.doc.Statements {
			if !s.Effect.Is("Allow") {
				continue
			}
			g := granteeOf(s)
			keys, unknown := narrowing(s)
			if unknown {
				continue
			}
			everyone := g.everyone
			if everyone && len(keys) > 0 {
				for _, k := range keys {
					if !broadKeys[strings.ToLower(k)] {
						everyone = false // the Condition names the callers
					}
				}
				if !everyone {
					continue
				}
			}
			if !everyone && len(g.named) == 0 {
				continue
			}
			wide, write, at := classify(s.Actions)
			var what string
			switch {
			case len(wide) > 0 && wide[0] == "*":
				what = "every action (\"*\")"
			case len(wide) > 0:
				what = "every ECR action (" + wide[0] + ")"
			case s.NotAction.Known() && len(s.NotAction.Items) > 0:
				what = "every action not listed under NotAction"
				at = s.NotAction.Pos
			case len(write) > 0:
				what = "write actions (" + summarize(write) + ")"
			default:
				continue
			}
			at = at.Or(s.Actions.Pos).Or(s.Pos)
			if everyone {
				who := everyoneText(s)
				if len(keys) > 0 {
					who += " that meets its " + strings.Join(keys, ", ") + " Condition"
				}
				p.Reportf(ap.res, at, "the repository policy grants %s to %s: any of them can push or replace images that tasks pull; grant broad callers only the pull actions and give push rights to named roles", what, who)
				continue
			}
			hint := ""
			if own != "" {
				hint = " (if that is this stack's own account, write the account as " + own + ")"
			}
			p.Reportf(ap.res, at, "the repository policy grants %s to %s%s; grant other accounts only the pull actions (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability)", what, describePrincipals(g.named), hint)
		}
	}
}
