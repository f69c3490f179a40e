package scan

import (
	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/model"
)

// Source is one input's bytes with the path shown to users.
type Source struct {
	Path string // display path
	Data []byte
	// Explicit is true for a file named on the command line.
	Explicit bool
}

// FileKind is a kind of input adapted one file at a time.
type FileKind struct {
	// Name is the kind's name, as --type takes it.
	Name string
	// ByName claims files in a directory walk by their name.
	ByName func(path string) bool
	// Sniff claims a file by content (explicit files, stdin, large files).
	Sniff func(data []byte) bool
	// Adapt parses and adapts; ok is false when the file turned out not to
	// be of this kind (a YAML file that is neither a template nor a manifest).
	Adapt func(src Source, o *Options) (res adapt.Result, ok bool)
	// Noun names the files of this kind in counts, by the format of the
	// first state a file gave (empty for none): the YAML kind reads
	// CloudFormation templates, task definitions and Kubernetes manifests.
	// When nil or empty, "<Name> files".
	Noun func(model.Format) Noun
}

// DirKind is a kind of input adapted one directory at a time (a Terraform
// module): every file it claims in a directory is handed over together.
type DirKind struct {
	Name   string
	ByName func(path string) bool
	Adapt  func(dir string, srcs []Source, o *Options) adapt.Result
	// Keep, when set, gets every directory the kind claimed with its files
	// (read) and returns those to adapt on their own (a Terraform module
	// called by another one is adapted through its caller).
	Keep func(dirs map[string][]Source, o *Options) map[string]bool
	// Noun names the kind's files in counts ("Terraform file") and DirNoun
	// its directories ("module").
	Noun, DirNoun Noun
}

var (
	fileKinds []FileKind
	dirKinds  []DirKind
)

// RegisterFileKind adds a kind of file input; kinds are tried in the order
// registered. Input packages call it from init.
func RegisterFileKind(k FileKind) { fileKinds = append(fileKinds, k) }

// RegisterDirKind adds a kind of directory input.
func RegisterDirKind(k DirKind) { dirKinds = append(dirKinds, k) }

// FileKindNames lists the registered file kinds, for --type.
func FileKindNames() []string {
	var out []string
	for _, k := range fileKinds {
		out = append(out, k.Name)
	}
	return out
}

// ImageKind reads built container images.
type ImageKind struct {
	// ByName claims files of a directory walk that may be image archives
	// (*.tar).
	ByName func(path string) bool
	// Sniff confirms, cheaply, that a file found in a walk is an image
	// archive; other tar files are left alone.
	Sniff func(path string) bool
	// Adapt reads the images a reference names (a file, a directory or a
	// registry reference); display is how findings name it.
	Adapt func(ref, display string, o *Options) adapt.Result
}

var imageKind *ImageKind

// RegisterImageKind sets how built images are read.
func RegisterImageKind(k ImageKind) { imageKind = &k }

// Noun is how reports count a kind of input: "Dockerfile", "Dockerfiles".
type Noun = adapt.Noun

// InputCount is how many inputs of one kind a scan read, as the user thinks
// of them: "201 Kubernetes manifests", "64 Terraform files in 11 modules".
type InputCount struct {
	Noun  Noun
	Files int
	// DirNoun and Dirs count the directories of a directory kind.
	DirNoun Noun
	Dirs    int
}

// fileNoun is the noun a file kind gives a file whose first state has the
// format (empty when it produced none).
func fileNoun(k *FileKind, f model.Format) Noun {
	if k.Noun != nil {
		if n := k.Noun(f); n.One != "" {
			return n
		}
	}
	return Noun{One: k.Name + " file", Many: k.Name + " files"}
}

// countInputs adds n files of a noun to counts, keeping one entry per noun.
func countInputs(counts []InputCount, noun Noun, files int) []InputCount {
	for i := range counts {
		if counts[i].Noun == noun {
			counts[i].Files += files
			return counts
		}
	}
	return append(counts, InputCount{Noun: noun, Files: files})
}
