package inputs

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/adapt/compose"
	"github.com/shipshape/shipshape/internal/adapt/dockerfile"
	"github.com/shipshape/shipshape/internal/imageref"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

func init() {
	scan.RegisterDirKind(scan.DirKind{Name: "compose", ByName: compose.IsComposeFile, Adapt: adaptCompose, Keep: composePlan,
		Noun: scan.Noun{One: "Compose file", Many: "Compose files"}, DirNoun: scan.Noun{One: "project directory", Many: "project directories"}})
}

// dfBuild is how Compose services build one Dockerfile: the stage and the
// build arguments, and the services that build it so.
type dfBuild struct {
	target   string
	args     map[string]string
	services []string
}

// composeMemo is what planning the Compose projects of a scan learnt: the
// loaded projects by directory, and how each Dockerfile is built.
type composeMemo struct {
	mu       sync.Mutex
	projects map[string]adapt.Result
	builds   map[string][]*dfBuild // absolute Dockerfile path
	// local are the images the services build and tag (build: with
	// image:), by imageKey, with the service that builds each.
	local map[string]string
}

func composeState(o *scan.Options) *composeMemo {
	return memoized(o.Memo, "compose", func() *composeMemo {
		return &composeMemo{projects: map[string]adapt.Result{}, builds: map[string][]*dfBuild{}, local: map[string]string{}}
	})
}

// composePlan loads every Compose project of the scan while planning, so
// that the Dockerfiles their services build are judged on the stage and
// with the arguments the services build them with.
func composePlan(dirs map[string][]scan.Source, o *scan.Options) map[string]bool {
	keep := map[string]bool{}
	memo := composeState(o)
	var order []string
	for dir := range dirs {
		order = append(order, dir)
	}
	sort.Strings(order)
	for _, dir := range order {
		keep[dir] = true
		res := loadCompose(dir, dirs[dir], o)
		if memo != nil {
			memo.mu.Lock()
			memo.projects[dir] = res
			for _, st := range res.States {
				for _, svc := range model.Of[*model.ComposeService](st) {
					memo.addBuild(svc, st.Scope)
				}
			}
			memo.mu.Unlock()
		}
	}
	return keep
}

func (m *composeMemo) addBuild(svc *model.ComposeService, scope string) {
	b := svc.Build
	if b == nil {
		return
	}
	label := fmt.Sprintf("service %q of %s", svc.Name, scope)
	if svc.Image.Known() {
		if key, ok := imageKey(svc.Image.V); ok {
			if _, have := m.local[key]; !have {
				m.local[key] = label
			}
		}
	}
	if b.Dockerfile == "" {
		return
	}
	args := map[string]string{}
	for k, v := range b.Args {
		if v != nil {
			args[k] = *v
		}
	}
	for _, have := range m.builds[b.Dockerfile] {
		if have.target == b.Target && sameArgs(have.args, args) {
			have.services = append(have.services, label)
			return
		}
	}
	m.builds[b.Dockerfile] = append(m.builds[b.Dockerfile], &dfBuild{target: b.Target, args: args, services: []string{label}})
}

func sameArgs(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// imageKey is how an image is named whatever way a reference writes it
// (nginx, docker.io/library/nginx:latest): its full name and tag, latest
// when it has none. A reference with a digest names a pulled image.
func imageKey(ref string) (string, bool) {
	r, ok := imageref.Parse(ref)
	if !ok || !r.DomainKnown || !r.PathKnown || !r.TagKnown || r.Digest != "" {
		return "", false
	}
	tag := r.Tag
	if tag == "" {
		tag = "latest"
	}
	return r.Name() + ":" + tag, true
}

// localImage returns what builds the image ref names among the scan's
// Compose services, or "".
func localImage(o *scan.Options) func(ref string) string {
	memo := composeState(o)
	if memo == nil {
		return nil
	}
	memo.mu.Lock()
	empty := len(memo.local) == 0
	memo.mu.Unlock()
	if empty {
		return nil
	}
	return func(ref string) string {
		key, ok := imageKey(ref)
		if !ok {
			return ""
		}
		memo.mu.Lock()
		defer memo.mu.Unlock()
		return memo.local[key]
	}
}

// composeBuilds returns how Compose services of the scan build a Dockerfile.
func composeBuilds(o *scan.Options, path string) []*dfBuild {
	memo := composeState(o)
	abs, err := o.Boundary.Abs(path)
	if memo == nil || err != nil {
		return nil
	}
	memo.mu.Lock()
	defer memo.mu.Unlock()
	return memo.builds[abs]
}

func adaptCompose(dir string, srcs []scan.Source, o *scan.Options) adapt.Result {
	if memo := composeState(o); memo != nil {
		memo.mu.Lock()
		res, ok := memo.projects[dir]
		delete(memo.projects, dir)
		memo.mu.Unlock()
		if ok {
			return res
		}
	}
	return loadCompose(dir, srcs, o)
}

// loadCompose loads the Compose projects of one directory.
func loadCompose(dir string, srcs []scan.Source, o *scan.Options) adapt.Result {
	var files []compose.File
	for _, s := range srcs {
		abs, err := o.Boundary.Abs(filepath.Join(dir, filepath.Base(s.Path)))
		if err != nil {
			abs = s.Path
		}
		files = append(files, compose.File{Path: s.Path, Abs: abs, Data: s.Data, Explicit: s.Explicit})
	}
	absDir, err := o.Boundary.Abs(dir)
	if err != nil {
		absDir = dir
	}
	var res adapt.Result
	only := map[string]string{} // resource ID -> the file whose findings it keeps
	for _, g := range compose.Groups(files) {
		proj, r := compose.Load(absDir, g, compose.Options{
			Allowed: func(abs string) bool {
				_, err := o.Boundary.Resolve(abs)
				return err == nil || errors.Is(err, fs.ErrNotExist)
			},
			Stage: func(b *model.ComposeBuild) *model.Stage { return builtStage(b, o) },
		})
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
		if len(g.Files) == 1 || g.Only == "" {
			res.Comments = append(res.Comments, r.Comments...)
		}
		if proj == nil {
			continue
		}
		scope := g.Files[0].Path
		if g.Only != "" {
			scope = g.Only
		}
		st := model.NewState(scope, model.Compose)
		for _, svc := range proj.Services {
			st.Add(svc)
			if g.Only != "" {
				only[svc.ID] = g.Only
			}
		}
		res.States = append(res.States, st)
	}
	if len(only) > 0 {
		res.Report = func(file, resource string) bool {
			want, ok := only[resource]
			return !ok || file == want
		}
	}
	return res
}

// builtStage reads the Dockerfile a service builds and returns the stage it
// builds, or nil when it cannot be read.
func builtStage(b *model.ComposeBuild, o *scan.Options) *model.Stage {
	data, err := o.Boundary.ReadFile(b.Dockerfile, o.MaxFileSize)
	if err != nil {
		return nil
	}
	args := map[string]string{}
	for k, v := range b.Args {
		if v != nil && !strings.Contains(*v, compose.Unset) {
			args[k] = *v
		}
	}
	for k, v := range o.BuildArgs {
		args[k] = v
	}
	res := dockerfile.Adapt(b.Dockerfile, data, dockerfile.Options{BuildArgs: args, Target: b.Target})
	for _, st := range res.States {
		for _, img := range model.Of[*model.DockerfileImage](st) {
			return img.Target
		}
	}
	return nil
}
