package compose

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// adapter maps loaded services back to the files of their group.
type adapter struct {
	files []File
	trees []*tree.File
	only  string
	// envFile is the display path of the project's .env, envLines the
	// lines that set its variables.
	envFile  string
	envLines map[string]int
}

// serviceNodes returns, for each file of the group that declares the
// service, the file's path and the service's mapping.
func (a *adapter) serviceNodes(name string) (paths []string, keys, nodes []*tree.Node) {
	for i, t := range a.trees {
		if len(t.Docs) == 0 {
			continue
		}
		k, v := t.Docs[0].Get("services").FieldPair(name)
		if k == nil {
			continue
		}
		paths = append(paths, a.files[i].Path)
		keys = append(keys, k)
		nodes = append(nodes, v)
	}
	return paths, keys, nodes
}

// locator finds where a service's keys are written.
type locator struct {
	paths []string
	nodes []*tree.Node
	// at is the service's own position (its name in the judged file).
	at model.Pos
}

// key returns where key (a path of mapping keys) is set in the last file
// that sets it, or the service's position.
func (l locator) key(path ...string) model.Pos {
	for i := len(l.nodes) - 1; i >= 0; i-- {
		n := l.nodes[i]
		var k *tree.Node
		for _, p := range path {
			if n == nil || n.Kind != tree.Map {
				k = nil
				break
			}
			k, n = n.FieldPair(p)
		}
		if k != nil {
			return model.Pos{File: l.paths[i], Line: k.Line, Col: k.Col}
		}
	}
	// Set by the service it extends, in another file or service: report
	// at the extends key.
	for i := len(l.nodes) - 1; i >= 0; i-- {
		if k, _ := l.nodes[i].FieldPair("extends"); k != nil {
			return model.Pos{File: l.paths[i], Line: k.Line, Col: k.Col}
		}
	}
	return model.Pos{}
}

// item returns where the list item of key whose text satisfies match is
// written, else where the key is.
func (l locator) item(key string, match func(string) bool) model.Pos {
	for i := len(l.nodes) - 1; i >= 0; i-- {
		k, v := l.nodes[i].FieldPair(key)
		if k == nil {
			continue
		}
		switch v.Kind {
		case tree.Seq:
			for _, it := range v.Items {
				at := it
				t, ok := it.Text()
				if !ok && it.Kind == tree.Map {
					// long syntax (volumes): match on the source
					var sk *tree.Node
					sk, at = it.FieldPair("source")
					t, ok = at.Text()
					at = sk
				}
				if ok && match(t) {
					return model.Pos{File: l.paths[i], Line: at.Line, Col: at.Col}
				}
			}
		case tree.Map:
			for _, p := range v.Pairs {
				if match(p.Key.Value) {
					return model.Pos{File: l.paths[i], Line: p.Key.Line, Col: p.Key.Col}
				}
			}
		}
	}
	return model.Pos{}
}

// itemValue returns how the environment-like key sets variable name, as
// written in the last file that sets it: "NAME=VALUE", or "NAME" for a list
// item without "=" and a mapping key with a null value; ok is false when
// no file writes it.
func (l locator) itemValue(key, name string) (text string, ok bool) {
	for i := len(l.nodes) - 1; i >= 0; i-- {
		_, v := l.nodes[i].FieldPair(key)
		switch {
		case v == nil:
		case v.Kind == tree.Seq:
			for _, it := range v.Items {
				if t, isText := it.Text(); isText {
					if n, _, _ := strings.Cut(t, "="); n == name {
						return t, true
					}
				}
			}
		case v.Kind == tree.Map:
			if k, val := v.FieldPair(name); k != nil {
				t, _ := val.Text()
				if val.IsNull() {
					return name, true
				}
				return name + "=" + t, true
			}
		}
	}
	return "", false
}

// fromEnv says which variable of the environment an environment entry
// takes its whole value from, written as itemValue gives it: the entry's
// own name for "NAME" (passed through; "NAME=" sets it empty), the
// variable of a value that is one reference ("${PW}", "${PW:-x}", "$PW",
// found with Compose's own interpolation).
func fromEnv(written string, found bool) (string, bool) {
	if !found {
		return "", false
	}
	n, value, hasValue := strings.Cut(written, "=")
	if !hasValue {
		return n, true
	}
	if !strings.Contains(value, "$") {
		return "", false
	}
	var asked []string
	got, err := template.SubstituteWithOptions(value, func(k string) (string, bool) {
		asked = append(asked, k)
		return refMark, true
	}, template.WithoutLogging)
	if err != nil || got != refMark || len(asked) != 1 {
		return "", false
	}
	return asked[0], true
}

// refMark stands for a variable's value while fromEnv interpolates.
const refMark = "\x00ref\x00"

func (a *adapter) service(project string, s types.ServiceConfig, o Options) *model.ComposeService {
	paths, keys, nodes := a.serviceNodes(s.Name)
	loc := locator{paths: paths, nodes: nodes}
	if len(keys) > 0 {
		// The service is where the judged file declares it: the variant
		// file of a merged group, else the first file.
		idx := 0
		for i, p := range paths {
			if p == a.only {
				idx = i
			}
		}
		loc.at = model.Pos{File: paths[idx], Line: keys[idx].Line, Col: keys[idx].Col}
	} else {
		loc.at = model.Pos{File: a.files[0].Path, Line: 1}
	}
	id := "service/" + s.Name
	if a.only != "" {
		id += " (with " + filepath.Base(a.only) + ")"
	}
	svc := &model.ComposeService{
		Meta:     model.Meta{ID: id, Type: "service", Format: model.Compose, Pos: loc.at},
		Name:     s.Name,
		Project:  project,
		Profiles: s.Profiles,
	}
	at := func(path ...string) model.Pos { return loc.key(path...) }
	svc.Image = str(s.Image, at("image"))
	svc.Privileged = boolean(s.Privileged, at("privileged"))
	svc.ReadOnly = boolean(s.ReadOnly, at("read_only"))
	svc.NetworkMode = str(s.NetworkMode, at("network_mode"))
	svc.Pid = str(s.Pid, at("pid"))
	svc.Ipc = str(s.Ipc, at("ipc"))
	svc.User = str(s.User, at("user"))
	svc.CapAdd = list(s.CapAdd, loc, "cap_add")
	svc.CapDrop = list(s.CapDrop, loc, "cap_drop")
	svc.SecurityOpt = list(s.SecurityOpt, loc, "security_opt")
	svc.Entrypoint = list(s.Entrypoint, loc, "entrypoint")
	svc.Command = list(s.Command, loc, "command")
	var names []string
	for k := range s.Environment {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := s.Environment[k]
		pos := loc.item("environment", func(t string) bool {
			name, _, _ := strings.Cut(t, "=")
			return name == k
		})
		e := model.EnvVar{Name: str(k, pos), Pos: pos.Or(loc.at)}
		if v != nil {
			e.Value = str(*v, pos)
		} else {
			e.Value = model.Str{P: model.Unknown, Pos: pos}
		}
		if name, ok := fromEnv(loc.itemValue("environment", k)); ok {
			if line, ok := a.envLines[name]; ok {
				e.From = model.Pos{File: a.envFile, Line: line}
			}
		}
		svc.Environment = append(svc.Environment, e)
	}
	for _, v := range s.Volumes {
		src := v.Source
		pos := loc.item("volumes", func(t string) bool {
			return strings.Contains(t, v.Target) && (src == "" || strings.Contains(t, filepath.Base(src)) || strings.HasPrefix(t, src))
		})
		svc.Volumes = append(svc.Volumes, model.ComposeVolume{Type: v.Type, Source: src, Target: v.Target, ReadOnly: v.ReadOnly, Pos: pos.Or(at("volumes")).Or(loc.at)})
	}
	if b := s.Build; b != nil {
		cb := &model.ComposeBuild{Pos: at("build").Or(loc.at), Target: b.Target, Args: map[string]*string{}}
		for k, v := range b.Args {
			if v != nil && strings.Contains(*v, Unset) {
				v = nil
			}
			cb.Args[k] = v
		}
		if isLocal(b.Context) {
			cb.Context = b.Context
			switch {
			case b.DockerfileInline != "":
			case b.Dockerfile == "":
				cb.Dockerfile = filepath.Join(b.Context, "Dockerfile")
			case filepath.IsAbs(b.Dockerfile):
				cb.Dockerfile = b.Dockerfile
			default:
				cb.Dockerfile = filepath.Join(b.Context, b.Dockerfile)
			}
		}
		svc.Build = cb
		if o.Stage != nil && cb.Dockerfile != "" {
			if st := o.Stage(cb); st != nil {
				svc.BuiltStage = st
			}
		}
	}
	return svc
}

// isLocal reports whether a build context is a directory (not a Git URL or
// another remote context).
func isLocal(ctx string) bool {
	return ctx != "" && filepath.IsAbs(ctx) && !strings.Contains(ctx, "://")
}

// str reads an interpolated string: empty is absent, a value holding an
// unset variable is unknown (Partial shows the known parts).
func str(v string, pos model.Pos) model.Str {
	switch {
	case v == "":
		return model.Str{Pos: pos}
	case strings.Contains(v, Unset):
		return model.Str{P: model.Unknown, Partial: v, Pos: pos}
	}
	return model.Str{V: v, P: model.Known, Pos: pos}
}

// boolean reads a boolean the loader decoded: false when not written.
func boolean(v bool, pos model.Pos) model.Bool {
	if pos.Line == 0 && !v {
		return model.Bool{}
	}
	return model.Bool{V: v, P: model.Known, Pos: pos}
}

func list(items []string, loc locator, key string) model.List {
	pos := loc.key(key)
	if items == nil && pos.Line == 0 {
		return model.List{}
	}
	l := model.List{P: model.Known, Pos: pos}
	for _, it := range items {
		p := loc.item(key, func(t string) bool { return t == it })
		l.Items = append(l.Items, str(it, p.Or(pos)))
	}
	return l
}
