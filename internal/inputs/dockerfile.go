package inputs

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/dockerfile"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/safefs"
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
	base := filepath.Base(path)
	if strings.EqualFold(base, "dockerfile") || strings.EqualFold(base, "containerfile") {
		return true, false // the usual names, without a lower-case copy
	}
	name := strings.ToLower(base)
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
	exact, variant := dockerfileNameKind(src.Path)
	if !exact && o.ForceType != "dockerfile" && !dockerfile.LooksLikeDockerfile(src.Data) {
		if variant {
			return scan.NotRead(src.Path, "named like a Dockerfile, but its first instruction is not FROM or ARG (a template?)"), false
		}
		return adapt.Result{}, false
	}
	res, ok := adaptDockerfileAs(src, o)
	if variant && o.ForceType != "dockerfile" && !src.Explicit {
		// Dockerfile.template, Dockerfile.in: a file that only looks like
		// a Dockerfile and does not parse as one is skipped, not an error.
		for _, d := range res.Diagnostics {
			if d.Level == finding.LevelError && (strings.HasPrefix(d.Message, "cannot parse Dockerfile") || strings.HasPrefix(d.Message, "no FROM instruction")) {
				return scan.NotRead(src.Path, "named like a Dockerfile, but it does not parse as one ("+d.Message+")"), false
			}
		}
	}
	return res, ok
}

// adaptDockerfileAs adapts a file known to be a Dockerfile. A
// .hadolint.yaml that applies to it but cannot be read or parsed is a
// warning (its settings are not used), folded into one line per kind.
func adaptDockerfileAs(src scan.Source, o *scan.Options) (adapt.Result, bool) {
	hc := hadolintConfig(src.Path, o.Boundary, o.Memo)
	res, ok := adaptDockerfileWith(src, o, hc)
	if hc.problem != "" {
		res.Warn(kindHadolintUnread, model.Pos{File: scan.DisplayPath(hc.path)}, hc.problem+"; its trustedRegistries and ignored are not applied to "+src.Path)
	}
	return res, ok
}

// kindHadolintUnread folds the warnings about .hadolint.yaml files that
// could not be used.
const kindHadolintUnread = "Dockerfiles under an unusable .hadolint.yaml (its settings not applied)"

func adaptDockerfileWith(src scan.Source, o *scan.Options, hc *hadolintSettings) (adapt.Result, bool) {
	opts := dockerfile.Options{BuildArgs: o.BuildArgs, Target: o.Target, HadolintTrusted: hc.TrustedRegistries, HadolintIgnored: hc.Ignored,
		LocalImage: localImage(o)}
	if src.Path != "<stdin>" {
		dir := filepath.Dir(src.Path)
		opts.ReadContext = func(rel string) ([]byte, error) {
			return o.Boundary.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)), 256<<10)
		}
		opts.Context = o.Boundary.FS(dir)
	}
	if t, ok := fileTarget(o, src.Path); ok {
		opts.Target, opts.TargetFrom = t, "--target for "+src.Path
		return dockerfile.Adapt(src.Path, src.Data, opts), true
	}
	builds := composeBuilds(o, src.Path)
	if o.Target != "" || len(builds) == 0 || src.Path == "<stdin>" {
		return dockerfile.Adapt(src.Path, src.Data, opts), true
	}
	// Judged as the Compose services of the scan build it: each distinct
	// stage and set of build arguments is a variant, and a finding of only
	// some of them says which.
	var res adapt.Result
	seen := map[string]bool{}
	for i, b := range builds {
		vo := opts
		vo.Target, vo.TargetFrom = b.target, "the target of "+b.services[0]
		vo.BuildArgs = map[string]string{}
		for k, v := range b.args {
			vo.BuildArgs[k] = v
		}
		for k, v := range o.BuildArgs {
			vo.BuildArgs[k] = v
		}
		r := dockerfile.Adapt(src.Path, src.Data, vo)
		for _, d := range r.Diagnostics {
			if k := d.String(); !seen[k] {
				seen[k] = true
				res.Diagnostics = append(res.Diagnostics, d)
			}
		}
		if i == 0 {
			res.Comments = r.Comments
		}
		for _, st := range r.States {
			if len(builds) > 1 {
				st.Variant = buildVariant(b)
			}
			res.States = append(res.States, st)
		}
	}
	return res, true
}

// buildVariant describes how a Compose service builds a Dockerfile, for
// the findings that hold for only some of the ways it is built.
func buildVariant(b *dfBuild) string {
	what := "the last stage"
	if b.target != "" {
		what = fmt.Sprintf("stage %q", b.target)
	}
	return fmt.Sprintf("built as %s for %s", what, strings.Join(b.services, " and "))
}

// fileTarget returns the stage --target PATH=STAGE names for a Dockerfile.
func fileTarget(o *scan.Options, path string) (string, bool) {
	if len(o.Targets) == 0 || path == "<stdin>" {
		return "", false
	}
	abs, err := o.Boundary.Abs(path)
	if err != nil {
		return "", false
	}
	t, ok := o.Targets[abs]
	return t, ok
}

// hadolintSettings are the parts of .hadolint.yaml shipshape reads.
type hadolintSettings struct {
	TrustedRegistries []string `yaml:"trustedRegistries"`
	Ignored           []string `yaml:"ignored"`
	// path and problem name a file found that could not be read or
	// parsed, whose settings are therefore not applied.
	path    string `yaml:"-"`
	problem string `yaml:"-"`
}

// hadolintDirs holds the .hadolint.yaml settings found for each directory
// a scan has looked in, kept in the scan's Memo: one map rather than an
// entry of the Memo for each directory, which makes each look-up cheaper.
type hadolintDirs struct {
	mu   sync.Mutex
	dirs map[string]*hadolintSettings
}

// hadolintMemo is the key of the scan's hadolintDirs in its Memo.
const hadolintMemo = "hadolint"

func (h *hadolintDirs) get(dir string) (*hadolintSettings, bool) {
	if h == nil {
		return nil, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.dirs[dir]
	return s, ok
}

func (h *hadolintDirs) put(dir string, s *hadolintSettings) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dirs[dir] = s
}

// maxHadolintConfig bounds the size of a .hadolint.yaml read.
const maxHadolintConfig = 1 << 20

// noHadolint is the settings of a directory without a .hadolint.yaml
// above it.
var noHadolint = &hadolintSettings{}

// hadolintConfig returns the settings of the .hadolint.yaml (or
// .hadolint.yml) nearest above a Dockerfile, if there is one, read within
// the boundary and cached by directory in memo (a store that lives for one
// scan, which holds them as its hadolintDirs; nil: not cached).
func hadolintConfig(path string, b *safefs.Boundary, memo *sync.Map) *hadolintSettings {
	if path == "<stdin>" {
		return noHadolint
	}
	dir, err := b.Abs(filepath.Dir(path))
	if err != nil {
		return noHadolint
	}
	cache := memoized(memo, hadolintMemo, func() *hadolintDirs {
		return &hadolintDirs{dirs: map[string]*hadolintSettings{}}
	})
	return hadolintIn(dir, b, cache)
}

// hadolintNames are the names of hadolint's settings file, by precedence.
var hadolintNames = []string{".hadolint.yaml", ".hadolint.yml"}

// hadolintIn returns the settings that apply in dir, cached by directory
// in cache (nil: not cached).
func hadolintIn(dir string, b *safefs.Boundary, cache *hadolintDirs) *hadolintSettings {
	if s, ok := cache.get(dir); ok {
		return s
	}
	out := noHadolint
	found := false
	// Most directories have neither, which their listing tells.
	if !b.Lacks(dir, hadolintNames...) {
		for _, n := range hadolintNames {
			path := filepath.Join(dir, n)
			data, err := b.ReadNearby(path, maxHadolintConfig)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			out = &hadolintSettings{}
			switch {
			case err != nil:
				out.path, out.problem = path, "cannot read it: "+err.Error()
			default:
				if err := yaml.Unmarshal(data, out); err != nil {
					*out = hadolintSettings{path: path, problem: "cannot parse it as hadolint settings: " + err.Error()}
				}
			}
			found = true
			break
		}
	}
	if !found {
		if parent := filepath.Dir(dir); parent != dir {
			out = hadolintIn(parent, b, cache) // shared with the parent
		}
	}
	cache.put(dir, out)
	return out
}
