package awsres

import (
	"testing"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// accountProps parses YAML standing for resource properties; Terraform blocks are
// written as lists of maps, the shape the Terraform adapter hands over.
func accountProps(t *testing.T, src string) *tree.Node {
	t.Helper()
	f, err := tree.Parse([]byte(src))
	if err != nil || len(f.Docs) != 1 {
		t.Fatalf("parse: %v", err)
	}
	return f.Docs[0]
}

var accountMeta = model.Meta{ID: "r", Pos: model.Pos{File: "f", Line: 1}}

func TestTrailSelectors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		p       model.Presence
		v       bool
		onlyOne string
	}{
		{"no selectors", "is_multi_region_trail: true", model.Absent, false, ""},
		{"basic all", "EventSelectors: [{IncludeManagementEvents: true, ReadWriteType: All}]", model.Known, true, ""},
		{"basic default", "EventSelectors: [{DataResources: []}]", model.Known, true, ""},
		{"basic excluded", "EventSelectors: [{IncludeManagementEvents: false}]", model.Known, false, ""},
		{"basic read only", "EventSelectors: [{ReadWriteType: ReadOnly}]", model.Known, false, "ReadOnly"},
		{"basic read and write selectors", "EventSelectors: [{ReadWriteType: ReadOnly}, {ReadWriteType: WriteOnly}]", model.Known, true, ""},
		{"terraform", "event_selector: [{read_write_type: WriteOnly, include_management_events: true}]", model.Known, false, "WriteOnly"},
		{"advanced management", "advanced_event_selector: [{field_selector: [{field: eventCategory, equals: [Management]}]}]", model.Known, true, ""},
		{"advanced not data", "AdvancedEventSelectors: [{FieldSelectors: [{Field: eventCategory, NotEquals: [Data]}]}]", model.Known, true, ""},
		{"advanced data", "AdvancedEventSelectors: [{FieldSelectors: [{Field: eventCategory, Equals: [Data]}]}]", model.Known, false, ""},
		{"advanced writes", "AdvancedEventSelectors: [{FieldSelectors: [{Field: eventCategory, Equals: [Management]}, {Field: readOnly, Equals: ['false']}]}]", model.Known, false, "WriteOnly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := Decoder{File: "f"}.Trail(accountMeta, accountProps(t, tt.src))
			if tr.ManagementEvents.P != tt.p || tr.ManagementEvents.V != tt.v || tr.ManagementOnly != tt.onlyOne {
				t.Errorf("got %+v only %q, want presence %d value %v only %q", tr.ManagementEvents, tr.ManagementOnly, tt.p, tt.v, tt.onlyOne)
			}
		})
	}
}

func TestBlockDevicesTerraform(t *testing.T) {
	s := Decoder{File: "f"}.BlockDevices(accountMeta, accountProps(t, `
root_block_device: [{encrypted: true}]
ebs_block_device: [{device_name: /dev/sdb, encrypted: false}, {device_name: /dev/sdc, snapshot_id: snap-1}]
`))
	if len(s.Devices) != 3 {
		t.Fatalf("got %d devices, want 3", len(s.Devices))
	}
	if !s.Devices[0].Encrypted.True() || s.Devices[1].Encrypted.NotFalse() || !s.Devices[1].Name.Is("/dev/sdb") || !s.Devices[2].Snapshot.Is("snap-1") {
		t.Errorf("devices decoded as %+v", s.Devices)
	}
	lt := Decoder{File: "f"}.BlockDevices(accountMeta, accountProps(t, `block_device_mappings: [{device_name: /dev/xvda, ebs: [{encrypted: "true"}]}]`))
	if len(lt.Devices) != 1 || !lt.Devices[0].Encrypted.True() {
		t.Errorf("launch template devices decoded as %+v", lt.Devices)
	}
}

func TestEKSCluster(t *testing.T) {
	d := Decoder{File: "f"}
	c := d.EKSCluster(accountMeta, accountProps(t, `
vpc_config: [{endpoint_public_access: true, public_access_cidrs: [0.0.0.0/0]}]
encryption_config: [{resources: [secrets], provider: [{key_arn: arn:aws:kms:eu-west-1:123456789012:key/k}]}]
enabled_cluster_log_types: [audit, api]
`))
	if !c.EndpointPublic.True() || !c.PublicAccessCIDRs.Has("0.0.0.0/0") || !c.SecretsEncryption.True() || !c.LogTypes.Has("audit") || c.LogTypes.Has("authenticator") {
		t.Errorf("terraform cluster decoded as %+v", c)
	}
	noKey := d.EKSCluster(accountMeta, accountProps(t, "EncryptionConfig: [{Resources: [secrets]}]"))
	if !noKey.SecretsEncryption.Known() || noKey.SecretsEncryption.V {
		t.Errorf("an encryption config without a provider key counts as encryption: %+v", noKey.SecretsEncryption)
	}
	none := d.EKSCluster(accountMeta, accountProps(t, "Name: x"))
	if none.SecretsEncryption.P != model.Absent || none.LogTypes.P != model.Absent {
		t.Errorf("absent properties decoded as %+v / %+v", none.SecretsEncryption, none.LogTypes)
	}
}

func TestGuardDutyDetectorFeature(t *testing.T) {
	f := Decoder{File: "f"}.GuardDutyDetectorFeature(accountMeta, accountProps(t, `
detector_id: abc
name: RUNTIME_MONITORING
status: ENABLED
additional_configuration: [{name: ECS_FARGATE_AGENT_MANAGEMENT, status: ENABLED}]
`))
	if !f.Detector.Is("abc") || !f.Feature.Name.Is("RUNTIME_MONITORING") || len(f.Feature.Additional) != 1 || !f.Feature.Additional[0].Status.Is("ENABLED") {
		t.Errorf("feature decoded as %+v", f)
	}
}

func TestInspectorEnabler(t *testing.T) {
	e := Decoder{File: "f"}.InspectorEnabler(accountMeta, accountProps(t, "resource_types: [EC2, ECR]"))
	if !e.ResourceTypes.Has("ECR") {
		t.Errorf("enabler decoded as %+v", e)
	}
}
