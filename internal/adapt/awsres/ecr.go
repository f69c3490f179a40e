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
		rule := model.ScanRule{Frequency: d.Str(r, "ScanFrequency"), Pos: d.Pos(r)}
		for _, f := range Items(r, "RepositoryFilters", "repository_filter") {
			rule.Filters = append(rule.Filters, d.Str(f, "Filter"))
		}
		s.Rules = append(s.Rules, rule)
	}
	return s
}
