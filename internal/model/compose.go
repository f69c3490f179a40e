package model

// ComposeService is one service of a Docker Compose project, after the
// project's files are merged (overrides, extends) and interpolated as Compose
// does. Meta.ID is "service/<name>" and Meta.Type "service"; each value's Pos
// is where the key in force is written (the last file that sets it).
type ComposeService struct {
	Meta
	Name string
	// Project is the project's name.
	Project string
	// Profiles are the profiles the service belongs to (it starts only when
	// one of them is enabled).
	Profiles []string
	Image    Str
	// Build is the service's build section, nil when it builds nothing.
	Build *ComposeBuild
	// BuiltStage is the Dockerfile stage the build judges, when the
	// Dockerfile could be read: its USER chain tells the user the image runs as.
	BuiltStage  *Stage
	Privileged  Bool
	CapAdd      List
	CapDrop     List
	NetworkMode Str
	Pid         Str
	Ipc         Str
	User        Str
	ReadOnly    Bool
	SecurityOpt List
	Entrypoint  List
	Command     List
	// Environment holds the literal environment entries (env_file entries
	// are not read: they are files outside the compose file).
	Environment []EnvVar
	Volumes     []ComposeVolume
}

// ComposeBuild is a service's build section.
type ComposeBuild struct {
	Pos Pos
	// Context is the build context directory (absolute), "" when it is a
	// remote context (a Git URL).
	Context string
	// Dockerfile is the Dockerfile's absolute path, "" when it is inline or
	// remote.
	Dockerfile string
	// Target is the stage built, "" for the last.
	Target string
	// Args are the build arguments; a nil value is an argument taken from
	// the environment (unknown here).
	Args map[string]*string
}

// ComposeVolume is one entry of a service's volumes.
type ComposeVolume struct {
	// Type is bind, volume, tmpfs, npipe, cluster or image.
	Type string
	// Source is the host path of a bind mount (absolute), or the volume name.
	Source   string
	Target   string
	ReadOnly bool
	Pos      Pos
}
