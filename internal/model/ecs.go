package model

// ECSCluster is an ECS cluster with its ECS Exec configuration.
type ECSCluster struct {
	Meta
	Name Str
	// ExecConfig is the ExecuteCommandConfiguration block.
	ExecConfig Block
	// ExecKMSKey is ExecuteCommandConfiguration.KmsKeyId.
	ExecKMSKey Str
	// ExecLogging is DEFAULT, NONE or OVERRIDE.
	ExecLogging Str
	// ExecLogConfig is the LogConfiguration block used with OVERRIDE.
	ExecLogConfig        Block
	ExecLogGroup         Str
	ExecLogGroupEncrypt  Bool
	ExecS3Bucket         Str
	ExecS3Encrypt        Bool
	ExecS3KeyPrefix      Str
	ContainerInsights    Str
	ContainerInsightsPos Pos
	// FargateStorageKMSKey is ManagedStorageConfiguration.FargateEphemeralStorageKmsKeyId.
	FargateStorageKMSKey Str
	// ManagedStorageKMSKey is ManagedStorageConfiguration.KmsKeyId (managed instances).
	ManagedStorageKMSKey Str
}

// TaskDefinition is an ECS task definition.
type TaskDefinition struct {
	Meta
	Family                  Str
	NetworkMode             Str
	PidMode                 Str
	IpcMode                 Str
	RequiresCompatibilities List
	TaskRole                Str
	ExecutionRole           Str
	// OSFamily is RuntimePlatform.OperatingSystemFamily (LINUX, WINDOWS_SERVER_2022_CORE, ...).
	OSFamily   Str
	Containers []*Container
	Volumes    []*Volume
	// ContainersPos is where the container definitions are written.
	ContainersPos Pos
	// ContainersUnknown is true when the container definitions could not be resolved.
	ContainersUnknown bool
}

// Container is one container definition.
type Container struct {
	Name                   Str
	Image                  Str
	Pos                    Pos
	User                   Str
	Privileged             Bool
	ReadonlyRootFilesystem Bool
	Essential              Bool
	Environment            []EnvVar
	EnvironmentFiles       Block
	Secrets                Block
	LogConfiguration       Block
	LogDriver              Str
	LogGroup               Str
	LinuxParameters        Block
	// HealthCheck is the container's healthCheck (ECS ignores the image's
	// HEALTHCHECK).
	HealthCheck           Block
	CapAdd                List
	CapDrop               List
	DockerSecurityOptions List
	Command               List
	EntryPoint            List
	MountPoints           []MountPoint
}

// EnvVar is one environment variable given as a literal.
type EnvVar struct {
	Name  Str
	Value Str
	Pos   Pos
	// From is where the value is written when it is not where the variable
	// is: the line of a Compose project's .env that a variable listed
	// without a value, or a value that is one ${VAR}, takes it from. Zero
	// otherwise.
	From Pos
}

// MountPoint mounts a task volume into a container.
type MountPoint struct {
	SourceVolume  Str
	ContainerPath Str
	ReadOnly      Bool
	Pos           Pos
}

// Volume is a task volume.
type Volume struct {
	Name Str
	Pos  Pos
	// EFS is set for an EFS volume.
	EFS *EFSVolume
	// Host is set for a bind mount with a host path, or a task-scoped volume.
	HostPath Str
}

// EFSVolume is an EFS volume configuration.
type EFSVolume struct {
	Block
	FileSystem        Str
	TransitEncryption Str
	IAM               Str
}

// ECSService is an ECS service.
type ECSService struct {
	Meta
	Name                 Str
	Cluster              Str
	TaskDefinition       Str
	EnableExecuteCommand Bool
	LaunchType           Str
	CapacityProviders    List
	PlatformVersion      Str
	AssignPublicIP       Str
	SecurityGroups       List
	// NetworkConfig is the awsvpc network configuration block.
	NetworkConfig Block
}
