package adapt

import "testing"

func TestMayBeDirective(t *testing.T) {
	for text, want := range map[string]bool{
		"shipshape:ignore dockerfile/sudo": true, "hadolint ignore=DL3008": true, "checkov:skip=CKV_1": true,
		"trivy:ignore:AVD-DS-0002": true, "tfsec:ignore:aws-ecr-enable-image-scans": true,
		"Build the API image": false, "IGNORE": false, "": false,
	} {
		if got := MayBeDirective(text); got != want {
			t.Errorf("MayBeDirective(%q) = %v, want %v", text, got, want)
		}
		if got := MayBeDirectiveBytes([]byte(text)); got != want {
			t.Errorf("MayBeDirectiveBytes(%q) = %v, want %v", text, got, want)
		}
	}
}
