package rule

import (
	"strings"

	"github.com/shipshape/shipshape/internal/model"
)

// Prop names a property in the words of the resource's format, for
// messages: the CloudFormation name cfn (ImageTagMutability, or a dotted
// path such as ExecuteCommandConfiguration.KmsKeyId) as it is, except for
// Terraform, whose AWS provider writes the same property in snake case
// (image_tag_mutability, execute_command_configuration.kms_key_id).
func Prop(f model.Format, cfn string) string {
	if f != model.Terraform {
		return cfn
	}
	var b strings.Builder
	b.Grow(len(cfn) + 8)
	for i := 0; i < len(cfn); i++ {
		c := cfn[i]
		if c >= 'A' && c <= 'Z' {
			// A word starts at a capital after a lower-case letter or a
			// digit, or at the last capital of a run followed by a
			// lower-case letter (KMSKey: kms_key).
			if i > 0 && cfn[i-1] != '.' {
				prev := cfn[i-1]
				lowerBefore := prev >= 'a' && prev <= 'z' || prev >= '0' && prev <= '9'
				runEnds := prev >= 'A' && prev <= 'Z' && i+1 < len(cfn) && cfn[i+1] >= 'a' && cfn[i+1] <= 'z'
				if lowerBefore || runEnds {
					b.WriteByte('_')
				}
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// SetProp is "Prop: value" for CloudFormation (and the live account),
// "prop = value" for Terraform: how a message says to set a property.
func SetProp(f model.Format, cfn, value string) string {
	if f == model.Terraform {
		return Prop(f, cfn) + " = " + value
	}
	return cfn + ": " + value
}
