package ecr

import (
	"github.com/shipshape/shipshape/internal/fix"
	"strings"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func init() {
	rule.Register(&rule.Rule{
		ID:       "ecr/tag-immutability",
		Title:    "ECR image tags can be overwritten",
		Phase:    finding.PhaseVuln,
		Severity: finding.High,
		Rationale: "With mutable tags a push can silently replace the image a tag points to: a task definition that " +
			"names app:1.4 may run something other than what was scanned and reviewed. Immutable tags make the image " +
			"that was scanned the image that runs (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": enable tag immutability to avoid deploying unintended " +
			"image versions; Fusic on Zenn, \"AWSのコンテナセキュリティを考えるoverview\": immutable - the running image is the scanned one). ImageTagMutability defaults " +
			"to MUTABLE; MUTABLE_WITH_EXCLUSION keeps every tag mutable except those its filters match. " +
			"IMMUTABLE_WITH_EXCLUSION passes: its filters name the few tags that are meant to move. AWS documentation: Amazon ECR User Guide, \"Preventing image tags from being overwritten in Amazon ECR\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "ImageTagMutability: IMMUTABLE",
			model.Terraform:      `image_tag_mutability = "IMMUTABLE"`,
			model.LiveAWS:        "aws ecr put-image-tag-mutability --repository-name REPOSITORY --image-tag-mutability IMMUTABLE",
		},
		Inputs: repoInputs,
		Peers: rule.Peers{SecurityHub: []string{"ECR.2"}, Checkov: []string{"CKV_AWS_51"},
			Trivy: []string{"AVD-AWS-0031"}},
		Fixes: map[model.Format]rule.FixFunc{model.CloudFormation: fixTagImmutability, model.Terraform: fixTagImmutabilityTF},
		Check: func(p *rule.Pass) {
			for _, r := range privateRepos(p.State) {
				m, name := r.TagMutability, rule.Prop(r.Format, "ImageTagMutability")
				switch {
				case m.Absent():
					p.Reportf(r, m.Pos, "%s is not set, so tags are MUTABLE: a push can replace the image a tag points to; set %s to IMMUTABLE", name, name)
				case m.Is("MUTABLE"):
					p.Reportf(r, m.Pos, "%s is MUTABLE: a push can replace the image a tag points to; set it to IMMUTABLE", name)
				case m.Is("MUTABLE_WITH_EXCLUSION"):
					p.Reportf(r, m.Pos, "%s is MUTABLE_WITH_EXCLUSION: every tag %s can be overwritten; set IMMUTABLE, or IMMUTABLE_WITH_EXCLUSION with filters for the few tags that must move", name, exceptFilters(r.TagMutabilityExclusions))
				}
			}
		},
	})
}

// exceptFilters describes the tags an exclusion list keeps immutable.
func exceptFilters(l model.List) string {
	var vals []string
	for _, f := range l.Items {
		if !f.Known() {
			return "except those matching its exclusion filters"
		}
		vals = append(vals, f.V)
	}
	if len(vals) == 0 {
		return "(no exclusion filter is written)"
	}
	return "except those matching " + strings.Join(vals, ", ")
}

// fixTagImmutability sets ImageTagMutability to IMMUTABLE. An exclusion
// list is left alone: its filters would change meaning.
func fixTagImmutability(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	if n := d.Property(p.Finding.Resource, "ImageTagMutability"); n != nil && strings.Contains(strings.ToUpper(n.Value), "EXCLUSION") {
		p.Skipf("ImageTagMutability is MUTABLE_WITH_EXCLUSION: its filters name the tags kept immutable, so choose the tags that must move and write IMMUTABLE_WITH_EXCLUSION by hand")
		return
	}
	p.Try(d.SetProperty(p.Finding.Resource, []string{"ImageTagMutability"}, "IMMUTABLE"))
}

// fixTagImmutabilityTF sets image_tag_mutability to IMMUTABLE, leaving an
// exclusion list alone as fixTagImmutability does.
func fixTagImmutabilityTF(p *rule.FixPass) {
	t, blk := p.TF()
	if t == nil {
		return
	}
	if strings.Contains(strings.ToUpper(fix.Attr(blk.Body, "image_tag_mutability")), "EXCLUSION") {
		p.Skipf("image_tag_mutability is MUTABLE_WITH_EXCLUSION: its filters name the tags kept immutable, so choose the tags that must move and write IMMUTABLE_WITH_EXCLUSION by hand")
		return
	}
	if p.Try(nil, t.Set(blk.Body, []string{"image_tag_mutability"}, "IMMUTABLE")) {
		p.Done(t)
	}
}
