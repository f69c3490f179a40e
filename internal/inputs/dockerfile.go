package inputs

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/dockerfile"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

func init() {
	scan.RegisterFileKind(scan.FileKind{Name: "dockerfile", ByName: dockerfileName, Sniff: dockerfile.LooksLikeDockerfile, Adapt: adaptDockerfile,
		Noun: func(model.Format) scan.Noun { return scan.Noun{One: "Dockerfile", Many: "Dockerfiles"} }})
}

// notDockerfileExt are extensions of files named like Dockerfile.go or
// Dockerfile.md that are something else.
var notDockerfileExt = map[string]bool{
	".go": true, ".md": true, ".txt": true, ".py": true, ".sh": true, ".yml": true, ".yaml": true, ".json": true,
	".dockerignore": true, ".rst": true, ".html": true, ".js": true, ".ts": true, ".rb": true, ".java": true, ".orig": true,
	".rej": true, ".swp": true, ".bak": true,
}

// dockerfileName claims Dockerfile, Containerfile, Dockerfile.*, Dockerfile-*,
// Dockerfile_*, *.Dockerfile and *.dockerfile.
func dockerfileName(path string) bool {
	exact, variant := dockerfileNameKind(path)
	return exact || variant
}

// dockerfileNameKind tells exact names (always Dockerfiles) from name
// variants (Dockerfile.prod, which are checked by content first).
func dockerfileNameKind(path string) (exact, variant bool) {
	name := strings.ToLower(filepath.Base(path))
	switch {
	case name == "dockerfile" || name == "containerfile" || strings.HasSuffix(name, ".dockerfile") || strings.HasSuffix(name, ".containerfile"):
		return true, false
	case notDockerfileExt[filepath.Ext(name)]:
		return false, false
	}
	for _, p := range []string{"dockerfile.", "dockerfile-", "dockerfile_", "containerfile.", "containerfile-"} {
		if strings.HasPrefix(name, p) {
			return false, true
		}
	}
	return false, false
}

func adaptDockerfile(src scan.Source, o *scan.Options) (adapt.Result, bool) {
	if exact, _ := dockerfileNameKind(src.Path); !exact && o.ForceType != "dockerfile" && !dockerfile.LooksLikeDockerfile(src.Data) {
		return adapt.Result{}, false
	}
	hc := hadolintConfig(src.Path)
	opts := dockerfile.Options{BuildArgs: o.BuildArgs, Target: o.Target, HadolintTrusted: hc.TrustedRegistries, HadolintIgnored: hc.Ignored}
	if src.Path != "<stdin>" {
		dir := filepath.Dir(src.Path)
		opts.ReadContext = func(rel string) ([]byte, error) {
			return readSmall(filepath.Join(dir, filepath.FromSlash(rel)), 256<<10)
		}
		opts.Context = os.DirFS(dir)
	}
	return dockerfile.Adapt(src.Path, src.Data, opts), true
}

// readSmall reads a regular file of at most limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > limit {
		return nil, os.ErrInvalid
	}
	return os.ReadFile(path)
}

// hadolintSettings are the parts of .hadolint.yaml shipshape reads.
type hadolintSettings struct {
	TrustedRegistries []string `yaml:"trustedRegistries"`
	Ignored           []string `yaml:"ignored"`
}

// hadolintConfigs caches the .hadolint.yaml settings by directory.
var hadolintConfigs sync.Map

// hadolintConfig returns the settings of the .hadolint.yaml (or
// .hadolint.yml) nearest above a Dockerfile, if there is one.
func hadolintConfig(path string) hadolintSettings {
	if path == "<stdin>" {
		return hadolintSettings{}
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return hadolintSettings{}
	}
	return hadolintIn(dir)
}

func hadolintIn(dir string) hadolintSettings {
	if v, ok := hadolintConfigs.Load(dir); ok {
		return v.(hadolintSettings)
	}
	var out hadolintSettings
	found := false
	for _, n := range []string{".hadolint.yaml", ".hadolint.yml"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		_ = yaml.Unmarshal(data, &out)
		found = true
		break
	}
	if !found {
		if parent := filepath.Dir(dir); parent != dir {
			out = hadolintIn(parent)
		}
	}
	hadolintConfigs.Store(dir, out)
	return out
}
