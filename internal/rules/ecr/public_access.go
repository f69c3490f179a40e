package ecr

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/public-access",
		Title:    "ECR repository open to everyone",
		Phase:    finding.PhaseSupplyChain,
		Severity: finding.Critical,
		Rationale: "Container images carry application code, configuration and sometimes credentials. A repository " +
			"policy that allows the \"*\" principal with no Condition limiting the caller (aws:PrincipalOrgID, " +
			"aws:SourceAccount, aws:SourceVpce, ...) lets anyone with an AWS account use the repository, and an ECR " +
			"Public repository serves its images to the whole internet. Keep repositories private unless an image is " +
			"meant to be published (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": make repository visibility private when there is no reason to publish " +
			"images; Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": access control on ECR). A principal or Condition that is resolved only at deploy time " +
			"is not reported. AWS documentation: Amazon ECR User Guide, \"Private repository policies in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "RepositoryPolicyText:\n  Version: \"2012-10-17\"\n  Statement:\n    - Sid: PullFromOrganization\n      Effect: Allow\n      Principal: \"*\"\n      Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability]\n      Condition:\n        StringEquals:\n          aws:PrincipalOrgID: !Ref OrganizationId",
			model.Terraform:      "data \"aws_iam_policy_document\" \"pull\" {\n  statement {\n    actions = [\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\", \"ecr:BatchCheckLayerAvailability\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::${var.consumer_account_id}:root\"]\n    }\n  }\n}",
			model.LiveAWS:        "aws ecr set-repository-policy --repository-name REPOSITORY --policy-text file://policy-without-public-statement.json",
		},
		Inputs: repoInputs,
		Peers:  rule.Peers{Checkov: []string{"CKV_AWS_32"}, Trivy: []string{"AVD-AWS-0032"}},
		Check:  checkPublicAccess,
	})
}

func checkPublicAccess(p *rule.Pass) {
	for _, r := range model.Of[*model.ECRRepository](p.State) {
		if r.Public {
			p.Reportf(r, model.Pos{}, "this is an ECR Public repository: every image pushed to it can be pulled by anyone on the internet; make sure its images are meant to be public (no secrets, internal code or configuration), otherwise use a private repository")
		}
	}
	for _, ap := range repoPolicies(p.State) {
		if ap.repo != nil && ap.repo.Public {
			continue // reported above
		}
		for _, s := range ap.doc.Statements {
			if !s.Effect.Is("Allow") || !granteeOf(s).everyone {
				continue
			}
			if keys, unknown := narrowing(s); len(keys) > 0 || unknown {
				continue
			}
			what := "its actions"
			if acts := knownActions(s.Actions); len(acts) > 0 {
				what = summarize(acts)
			} else if s.NotAction.Known() {
				what = "every action not listed under NotAction"
			}
			p.Reportf(ap.res, s.Principal.Pos.Or(s.Pos), "the repository policy grants %s to %s with no Condition limiting the caller: anyone with an AWS account can use the repository; name the accounts that need access, or add a Condition on aws:PrincipalOrgID", what, everyoneText(s))
		}
	}
}
