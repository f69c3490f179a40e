package awsres

import (
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Repository decodes a private ECR repository.
func (d Decoder) Repository(meta model.Meta, p *tree.Node) *model.ECRRepository {
	r := &model.ECRRepository{
		Meta:            meta,
		Name:            d.Str(p, "RepositoryName", "name"),
		TagMutability:   d.Str(p, "ImageTagMutability"),
		ScanOnPush:      d.Bool(Obj(p, "ImageScanningConfiguration"), "ScanOnPush"),
		LifecyclePolicy: d.Block(p, "LifecyclePolicy"),
	}
	if r.LifecyclePolicy.P == model.Known {
		// CloudFormation writes the policy under LifecyclePolicyText; a
		// LifecyclePolicy holding only a RegistryId sets no policy.
		if lp := Obj(p, "LifecyclePolicy"); lp != nil && lp.Kind == tree.Map {
			if text := d.Block(lp, "LifecyclePolicyText"); text.P != model.Known {
				r.LifecyclePolicy.P = text.P
			}
		}
	}
	excl := model.List{}
	for _, f := range Items(p, "ImageTagMutabilityExclusionFilters", "image_tag_mutability_exclusion_filter") {
		v := d.Str(f, "ImageTagMutabilityExclusionFilterValue", "filter")
		excl.Items = append(excl.Items, v)
		excl.P = model.Known
	}
	r.TagMutabilityExclusions = excl
	enc := Obj(p, "EncryptionConfiguration")
	r.EncryptionType = d.Str(enc, "EncryptionType")
	r.KMSKey = d.Str(enc, "KmsKey")
	if _, v := field(p, "RepositoryPolicyText"); v != nil {
		r.Policy = d.Policy(v)
	}
	return r
}

// PublicRepository decodes an ECR Public repository.
func (d Decoder) PublicRepository(meta model.Meta, p *tree.Node) *model.ECRRepository {
	r := &model.ECRRepository{Meta: meta, Name: d.Str(p, "RepositoryName", "repository_name"), Public: true}
	if _, v := field(p, "RepositoryPolicyText"); v != nil {
		r.Policy = d.Policy(v)
	}
	return r
}

// RegistryScanning decodes a registry scanning configuration.
func (d Decoder) RegistryScanning(meta model.Meta, p *tree.Node) *model.RegistryScanning {
	s := &model.RegistryScanning{Meta: meta, ScanType: d.Str(p, "ScanType")}
	for _, r := range Items(p, "Rules", "rule") {
		if r.Kind != tree.Map {
			s.RulesUnknown = s.RulesUnknown || r.IsUnknown()
			continue
		}
		rule := model.ScanRule{Frequency: d.Str(r, "ScanFrequency"), Pos: d.Pos(r)}
		for _, f := range Items(r, "RepositoryFilters", "repository_filter") {
			if f.Kind != tree.Map {
				if f.IsUnknown() {
					rule.Filters = append(rule.Filters, model.Str{P: model.Unknown, Pos: d.Pos(f)})
				}
				continue
			}
			rule.Filters = append(rule.Filters, d.Str(f, "Filter"))
		}
		s.Rules = append(s.Rules, rule)
	}
	return s
}

// LifecyclePolicy decodes a lifecycle policy declared as its own resource.
func (d Decoder) LifecyclePolicy(meta model.Meta, p *tree.Node) *model.ECRLifecyclePolicy {
	return &model.ECRLifecyclePolicy{
		Meta:       meta,
		Repository: d.Str(p, "Repository", "RepositoryName"),
		Policy:     d.Block(p, "Policy", "LifecyclePolicyText"),
	}
}

// RepositoryPolicy decodes a repository policy declared as its own resource.
func (d Decoder) RepositoryPolicy(meta model.Meta, p *tree.Node) *model.ECRRepositoryPolicy {
	rp := &model.ECRRepositoryPolicy{Meta: meta, Repository: d.Str(p, "Repository", "RepositoryName")}
	if _, v := field(p, "Policy", "PolicyText"); v != nil && !v.IsNull() {
		rp.Policy = d.Policy(v)
	}
	return rp
}
