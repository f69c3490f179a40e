package rule

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
)

func TestProp(t *testing.T) {
	for cfn, tf := range map[string]string{
		"ImageTagMutability":                   "image_tag_mutability",
		"KmsKeyId":                             "kms_key_id",
		"ScanOnPush":                           "scan_on_push",
		"CloudWatchEncryptionEnabled":          "cloud_watch_encryption_enabled",
		"ExecuteCommandConfiguration.KmsKeyId": "execute_command_configuration.kms_key_id",
		"ManagedStorageConfiguration.FargateEphemeralStorageKmsKeyId": "managed_storage_configuration.fargate_ephemeral_storage_kms_key_id",
		"KMSKey":       "kms_key",
		"S3BucketName": "s3_bucket_name",
		"Encrypted":    "encrypted",
	} {
		if got := Prop(model.Terraform, cfn); got != tf {
			t.Errorf("Prop(Terraform, %q) = %q, want %q", cfn, got, tf)
		}
		if got := Prop(model.CloudFormation, cfn); got != cfn {
			t.Errorf("Prop(CloudFormation, %q) = %q", cfn, got)
		}
	}
	if got := SetProp(model.Terraform, "Encrypted", "true"); got != "encrypted = true" {
		t.Errorf("SetProp(Terraform) = %q", got)
	}
	if got := SetProp(model.CloudFormation, "Encrypted", "true"); got != "Encrypted: true" {
		t.Errorf("SetProp(CloudFormation) = %q", got)
	}
}
