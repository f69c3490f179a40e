package model

// BuiltImage is a built container image: its configuration, its history and
// what its layers hold, read from a docker save tarball, an OCI layout or a
// registry. Layers are streamed once: the image keeps facts about them,
// never their contents.
type BuiltImage struct {
	Meta
	// Ref is the reference as the user gave it (a file, a directory or a
	// registry reference).
	Ref string
	// Source is "tarball", "layout" or "registry".
	Source string
	// Digest is the manifest digest ("sha256:…"), when known.
	Digest string
	// Platform is "os/arch[/variant]".
	Platform string
	// Config is the image configuration.
	Config ImageConfig
	// History is the image's history, oldest first.
	History []HistoryStep
	// Layers in order, bottom first.
	Layers []Layer
	// Files are the notable files found in the layers, in layer order.
	Files []LayerFile
	// Truncated is set when more notable files were found than are kept.
	Truncated bool
	// EmptyPasswords are the /etc/shadow accounts without a password in
	// the image's final file system.
	EmptyPasswords []string
	// Signature says whether a signature was found in the registry: Known
	// true or false for registry images, Unknown when it could not be
	// looked up (Reason says why), Absent for files.
	Signature Bool
	// SignatureNote says where a signature was looked for, or why it could
	// not be.
	SignatureNote string
}

// ImageConfig is the part of an image configuration rules read.
type ImageConfig struct {
	// User is the user the container runs as ("" when not set).
	User string
	// Env are the environment variables, in order.
	Env []KeyValue
	// ExposedPorts are "22/tcp" and the like.
	ExposedPorts []string
	// Healthcheck is the HEALTHCHECK test; nil when none is set, and
	// ["NONE"] when it is disabled.
	Healthcheck []string
	// Entrypoint and Cmd are the start command.
	Entrypoint, Cmd []string
	// Labels are the image labels.
	Labels map[string]string
}

// HistoryStep is one entry of the image history.
type HistoryStep struct {
	// CreatedBy is the instruction recorded by the builder.
	CreatedBy string
	// EmptyLayer is true when the step created no layer (ENV, USER, ...).
	EmptyLayer bool
	// Layer is the index of the layer the step created, or -1.
	Layer int
}

// Layer is one layer of an image, as streamed.
type Layer struct {
	// Index is the layer's position, from 0 (the bottom).
	Index int
	// Digest is the compressed digest, DiffID the uncompressed one.
	Digest, DiffID string
	// Size is the compressed size in bytes (-1 when not known), and
	// Uncompressed the size of its tar stream.
	Size, Uncompressed int64
	// Files is the number of tar entries.
	Files int
	// Step is the history index of the step that created it, or -1.
	Step int
}

// LayerFileKind says why a file is notable.
type LayerFileKind string

// The kinds of notable files.
const (
	FileCredential   LayerFileKind = "credential"
	FileSetuid       LayerFileKind = "setuid"
	FilePackageCache LayerFileKind = "package-cache"
	FileLeftover     LayerFileKind = "leftover"
	FileUnsafeName   LayerFileKind = "unsafe-name"
)

// LayerFile is a notable file (or directory) of one layer.
type LayerFile struct {
	Kind LayerFileKind
	// Layer is the index of the layer that added it.
	Layer int
	// Path is the cleaned path in the image, without a leading "/", or for
	// FileUnsafeName the name as written in the layer.
	Path string
	// Mode is the file's permission bits and setuid/setgid bits.
	Mode int64
	// Size is the file's size, or for a cache directory the bytes below it.
	Size int64
	// What describes it: the kind of credential, the package manager whose
	// cache it is, the leftover's kind ("a Git repository").
	What string
	// DeletedIn is the index of the layer that deletes it, or -1 when it is
	// still in the final file system.
	DeletedIn int
}
