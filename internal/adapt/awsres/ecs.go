package awsres

import (
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// Cluster decodes an ECS cluster.
func (d Decoder) Cluster(meta model.Meta, p *tree.Node) *model.ECSCluster {
	c := &model.ECSCluster{Meta: meta, Name: d.Str(p, "ClusterName", "name")}
	conf := Obj(p, "Configuration")
	exec := Obj(conf, "ExecuteCommandConfiguration")
	c.ExecConfig = d.Block(conf, "ExecuteCommandConfiguration")
	c.ExecKMSKey = d.Str(exec, "KmsKeyId")
	c.ExecLogging = d.Str(exec, "Logging")
	c.ExecLogConfig = d.Block(exec, "LogConfiguration")
	logs := Obj(exec, "LogConfiguration")
	c.ExecLogGroup = d.Str(logs, "CloudWatchLogGroupName")
	c.ExecLogGroupEncrypt = d.Bool(logs, "CloudWatchEncryptionEnabled")
	c.ExecS3Bucket = d.Str(logs, "S3BucketName")
	c.ExecS3Encrypt = d.Bool(logs, "S3EncryptionEnabled", "s3_bucket_encryption_enabled")
	c.ExecS3KeyPrefix = d.Str(logs, "S3KeyPrefix")
	storage := Obj(conf, "ManagedStorageConfiguration")
	c.FargateStorageKMSKey = d.Str(storage, "FargateEphemeralStorageKmsKeyId")
	c.ManagedStorageKMSKey = d.Str(storage, "KmsKeyId")
	k, settings := field(p, "ClusterSettings", "setting", "settings")
	for _, s := range settings.List() {
		if d.Str(s, "Name").Is("containerInsights") {
			c.ContainerInsights = d.Str(s, "Value")
			c.ContainerInsightsPos = d.Pos(s)
		}
	}
	if k != nil && settings.IsUnknown() {
		c.ContainerInsights = model.Str{P: model.Unknown, Pos: d.Pos(k)}
	}
	return c
}

// TaskDefinition decodes a task definition (CloudFormation properties, the
// register-task-definition input, or Terraform's attributes).
func (d Decoder) TaskDefinition(meta model.Meta, p *tree.Node) *model.TaskDefinition {
	t := &model.TaskDefinition{
		Meta:                    meta,
		Family:                  d.Str(p, "Family"),
		NetworkMode:             d.Str(p, "NetworkMode"),
		PidMode:                 d.Str(p, "PidMode"),
		IpcMode:                 d.Str(p, "IpcMode"),
		RequiresCompatibilities: d.List(p, "RequiresCompatibilities"),
		TaskRole:                d.Str(p, "TaskRoleArn"),
		ExecutionRole:           d.Str(p, "ExecutionRoleArn"),
		OSFamily:                d.Str(Obj(p, "RuntimePlatform"), "OperatingSystemFamily"),
	}
	k, defs := field(p, "ContainerDefinitions")
	if k != nil {
		t.ContainersPos = d.Pos(k)
		if isText(defs) {
			if parsed := parseJSONString(defs); parsed != nil {
				defs = parsed
			}
		}
		if defs.IsUnknown() {
			t.ContainersUnknown = true
		}
	}
	for _, c := range defs.List() {
		if c.Kind == tree.Unknown {
			t.ContainersUnknown = true
			continue
		}
		if c.Kind == tree.Map {
			t.Containers = append(t.Containers, d.Container(c))
		}
	}
	for _, v := range Items(p, "Volumes", "volume") {
		if v.Kind != tree.Map {
			continue
		}
		vol := &model.Volume{Name: d.Str(v, "Name"), Pos: d.Pos(v), HostPath: d.Str(Obj(v, "Host"), "SourcePath")}
		if hp := d.Str(v, "host_path"); hp.P != model.Absent {
			vol.HostPath = hp
		}
		if b := d.Block(v, "EFSVolumeConfiguration"); b.Present() {
			efs := Obj(v, "EFSVolumeConfiguration")
			vol.EFS = &model.EFSVolume{
				Block:             b,
				FileSystem:        d.Str(efs, "FilesystemId"),
				TransitEncryption: d.Str(efs, "TransitEncryption"),
				IAM:               d.Str(Obj(efs, "AuthorizationConfig"), "IAM"),
			}
		}
		t.Volumes = append(t.Volumes, vol)
	}
	return t
}

// Container decodes one container definition.
func (d Decoder) Container(c *tree.Node) *model.Container {
	ct := &model.Container{
		Name:                   d.Str(c, "Name"),
		Image:                  d.Str(c, "Image"),
		Pos:                    d.Pos(c),
		User:                   d.Str(c, "User"),
		Privileged:             d.Bool(c, "Privileged"),
		ReadonlyRootFilesystem: d.Bool(c, "ReadonlyRootFilesystem"),
		Essential:              d.Bool(c, "Essential"),
		EnvironmentFiles:       d.Block(c, "EnvironmentFiles"),
		Secrets:                d.Block(c, "Secrets"),
		LogConfiguration:       d.Block(c, "LogConfiguration"),
		LinuxParameters:        d.Block(c, "LinuxParameters"),
		HealthCheck:            d.Block(c, "HealthCheck"),
		DockerSecurityOptions:  d.List(c, "DockerSecurityOptions"),
		Command:                d.List(c, "Command"),
		EntryPoint:             d.List(c, "EntryPoint"),
	}
	logs := Obj(c, "LogConfiguration")
	ct.LogDriver = d.Str(logs, "LogDriver")
	ct.LogGroup = d.Str(Obj(logs, "Options"), "awslogs-group")
	caps := Obj(Obj(c, "LinuxParameters"), "Capabilities")
	ct.CapAdd = d.List(caps, "Add")
	ct.CapDrop = d.List(caps, "Drop")
	for _, e := range Items(c, "Environment") {
		if e.Kind != tree.Map {
			continue
		}
		ct.Environment = append(ct.Environment, model.EnvVar{Name: d.Str(e, "Name"), Value: d.Str(e, "Value"), Pos: d.Pos(e)})
	}
	for _, m := range Items(c, "MountPoints") {
		if m.Kind != tree.Map {
			continue
		}
		ct.MountPoints = append(ct.MountPoints, model.MountPoint{
			SourceVolume:  d.Str(m, "SourceVolume"),
			ContainerPath: d.Str(m, "ContainerPath"),
			ReadOnly:      d.Bool(m, "ReadOnly"),
			Pos:           d.Pos(m),
		})
	}
	return ct
}

// Service decodes an ECS service.
func (d Decoder) Service(meta model.Meta, p *tree.Node) *model.ECSService {
	s := &model.ECSService{
		Meta:                 meta,
		Name:                 d.Str(p, "ServiceName", "name"),
		Cluster:              d.Str(p, "Cluster"),
		TaskDefinition:       d.Str(p, "TaskDefinition"),
		EnableExecuteCommand: d.Bool(p, "EnableExecuteCommand"),
		LaunchType:           d.Str(p, "LaunchType"),
		PlatformVersion:      d.Str(p, "PlatformVersion"),
	}
	for _, cp := range Items(p, "CapacityProviderStrategy") {
		cps := d.Str(cp, "CapacityProvider")
		s.CapacityProviders.Items = append(s.CapacityProviders.Items, cps)
		s.CapacityProviders.P = model.Known
	}
	net := Obj(p, "NetworkConfiguration")
	s.NetworkConfig = d.Block(p, "NetworkConfiguration")
	vpc := net
	if v := Obj(net, "AwsvpcConfiguration"); v != nil {
		vpc = v
	}
	s.AssignPublicIP = d.Str(vpc, "AssignPublicIp")
	if b := d.Bool(vpc, "AssignPublicIp"); b.Known() {
		// Terraform writes a boolean where the API has ENABLED/DISABLED.
		s.AssignPublicIP.V = map[bool]string{true: "ENABLED", false: "DISABLED"}[b.V]
	}
	s.SecurityGroups = d.List(vpc, "SecurityGroups")
	return s
}
