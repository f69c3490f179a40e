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
		ID:       "ecr/kms-cmk",
		Title:    "ECR repository not encrypted with a customer managed KMS key",
		Phase:    finding.PhaseVuln,
		Severity: finding.Medium,
		Rationale: "ECR encrypts images at rest with S3-managed keys (AES256) by default, or with the AWS-managed " +
			"aws/ecr key for KMS without a key. Neither lets you control the key policy, audit or revoke use of the " +
			"key, or rotate it on your schedule; a customer managed key does (Monex Tech Blog, \"【AWS ECS】ECS+Fargateのセキュリティまとめ\": encrypt stored images with " +
			"your own KMS key). The encryption of a repository is fixed at creation: changing it replaces the " +
			"repository, so push the images again afterwards. A key resolved only at deploy time passes. AWS documentation: Amazon ECR User Guide, \"Encryption at rest\".",
		Remediation: map[model.Format]string{
			model.CloudFormation: "EncryptionConfiguration:\n  EncryptionType: KMS\n  KmsKey: !GetAtt RepositoryKey.Arn",
			model.Terraform:      "encryption_configuration {\n  encryption_type = \"KMS\"\n  kms_key         = aws_kms_key.ecr.arn\n}",
			model.LiveAWS:        "aws ecr create-repository --repository-name REPOSITORY --encryption-configuration encryptionType=KMS,kmsKey=KEY_ARN",
		},
		Inputs: repoInputs,
		Peers: rule.Peers{SecurityHub: []string{"ECR.5"}, Checkov: []string{"CKV_AWS_136"},
			Trivy: []string{"AVD-AWS-0033"}},
		Fixes: map[model.Format]rule.FixFunc{model.CloudFormation: fixKMSCMK, model.Terraform: fixKMSCMKTF},
		Check: func(p *rule.Pass) {
			for _, r := range privateRepos(p.State) {
				t, key := r.EncryptionType, r.KMSKey
				conf, typ, kmsKey := rule.Prop(r.Format, "EncryptionConfiguration"), rule.Prop(r.Format, "EncryptionType"), rule.Prop(r.Format, "KmsKey")
				switch {
				case t.Absent():
					p.Reportf(r, t.Pos, "no %s: images are encrypted with S3-managed keys (AES256); set %s KMS with %s naming a customer managed key", conf, typ, kmsKey)
				case t.Is("AES256"):
					p.Reportf(r, t.Pos, "%s is AES256 (S3-managed keys); set %s KMS with %s naming a customer managed key", typ, typ, kmsKey)
				case t.Is("KMS", "KMS_DSSE") && key.Absent():
					p.Reportf(r, t.Pos, "%s is %s without %s, so the AWS-managed aws/ecr key is used; set %s to a customer managed key", typ, t.V, kmsKey, kmsKey)
				case t.Is("KMS", "KMS_DSSE") && awsManagedKey(key):
					p.Reportf(r, key.Pos, "%s %s is the AWS-managed key; set %s to a customer managed key", kmsKey, key.V, kmsKey)
				}
			}
		},
	})
}

// awsManagedKey reports whether a key is the AWS-managed aws/ecr key, by
// alias name or alias ARN.
func awsManagedKey(k model.Str) bool {
	if !k.Known() {
		return false
	}
	v := strings.ToLower(k.V)
	return v == "alias/aws/ecr" || strings.HasSuffix(v, ":alias/aws/ecr")
}

// fixKMSCMK sets EncryptionType KMS with the chosen key.
func fixKMSCMK(p *rule.FixPass) {
	d := p.Doc()
	if d == nil {
		return
	}
	key, ok := p.KMSKey(d)
	if !ok || !p.Try(d.SetProperty(p.Finding.Resource, []string{"EncryptionConfiguration"}, fix.Map{{K: "EncryptionType", V: "KMS"}, {K: "KmsKey", V: key}})) {
		return
	}
	p.Notef("changing the encryption of an existing repository replaces it: CloudFormation creates a new, empty repository")
}

// fixKMSCMKTF sets encryption_type KMS with the chosen key.
func fixKMSCMKTF(p *rule.FixPass) {
	key, ok := p.TFKMSKey()
	if !ok {
		return
	}
	t, blk := p.TF()
	if t == nil {
		return
	}
	bs, err := t.Blocks(blk.Body, "encryption_configuration")
	if !p.Try(nil, err) {
		return
	}
	if len(bs) == 0 {
		err = t.AddBlock(blk.Body, []string{"encryption_configuration"}, fix.Map{{K: "encryption_type", V: "KMS"}, {K: "kms_key", V: key}})
	} else if err = t.Set(bs[0].Body, []string{"encryption_type"}, "KMS"); err == nil {
		err = t.Set(bs[0].Body, []string{"kms_key"}, key)
	}
	if p.Try(nil, err) && p.Done(t) {
		p.Notef("changing the encryption of an existing repository replaces it: Terraform destroys it and creates a new, empty repository")
	}
}
