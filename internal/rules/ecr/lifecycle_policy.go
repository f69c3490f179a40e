package ecr

import (
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/lifecycle-policy",
		Title:    "ECR repository without a lifecycle policy",
		Phase:    finding.PhaseVuln,
		Severity: finding.Low,
		Rationale: "Without a lifecycle policy every image ever pushed stays in the repository: old builds that never " +
			"received security patches remain pullable, and a rollback or a typo in a tag can bring one back into " +
			"production. Expire untagged images and keep only the recent releases (Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": deploy regularly rebuilt, " +
			"patched images). The policy may be written on the repository (CloudFormation LifecyclePolicy) or as a " +
			"resource of its own that names the repository (Terraform aws_ecr_lifecycle_policy). AWS documentation: Amazon ECR User Guide, \"Automate the cleanup of images by using lifecycle policies in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "LifecyclePolicy:\n  LifecyclePolicyText: |\n    {\"rules\": [{\"rulePriority\": 1, \"description\": \"expire untagged images\",\n      \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 14},\n      \"action\": {\"type\": \"expire\"}}]}",
			model.Terraform:      "resource \"aws_ecr_lifecycle_policy\" \"app\" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    rules = [{\n      rulePriority = 1\n      description  = \"expire untagged images\"\n      selection    = { tagStatus = \"untagged\", countType = \"sinceImagePushed\", countUnit = \"days\", countNumber = 14 }\n      action       = { type = \"expire\" }\n    }]\n  })\n}",
			model.LiveAWS:        "aws ecr put-lifecycle-policy --repository-name REPOSITORY --lifecycle-policy-text file://lifecycle.json",
		},
		Inputs: repoInputs,
		Peers:  rule.Peers{SecurityHub: []string{"ECR.3"}},
		Check: func(p *rule.Pass) {
			separate := model.Of[*model.ECRLifecyclePolicy](p.State)
			for _, r := range privateRepos(p.State) {
				if r.LifecyclePolicy.P != model.Absent || hasSeparatePolicy(p.State, separate, r) {
					continue
				}
				what := "a LifecyclePolicy"
				if r.Format == model.Terraform {
					what = "an aws_ecr_lifecycle_policy"
				}
				p.Reportf(r, r.LifecyclePolicy.Pos, "the repository has no lifecycle policy: old, unpatched images pile up and stay pullable; add %s that expires untagged images and keeps only recent releases", what)
			}
		},
	})
}

// hasSeparatePolicy reports whether a lifecycle policy resource names the
// repository, or may (its repository cannot be resolved).
func hasSeparatePolicy(st *model.State, policies []*model.ECRLifecyclePolicy, r *model.ECRRepository) bool {
	for _, lp := range policies {
		if t, ok := model.Target[*model.ECRRepository](st, lp.Repository, repoName); ok {
			if t == r {
				return true
			}
			continue
		}
		if lp.Repository.P == model.Unknown && len(lp.Repository.Refs) == 0 {
			return true
		}
	}
	return false
}
