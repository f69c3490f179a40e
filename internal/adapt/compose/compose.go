// Package compose adapts Docker Compose projects into the model with the
// Compose specification's own loader (github.com/compose-spec/compose-go):
// the files of a project are merged as `docker compose -f a -f b` merges
// them, extends and include are followed, and variables are interpolated
// from the project directory's .env file. The loader keeps no positions, so
// every service key is mapped back to the file and line that set it through
// the YAML tree of each file (internal/parse/tree).
package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/safefs"
)

func init() {
	// The loader logs warnings (obsolete version key, unset variables)
	// through logrus; the adapter reports what matters itself.
	logrus.SetOutput(io.Discard)
}

// Unset stands for a variable that neither .env nor a default sets: the value
// is known only where the project is run.
const Unset = "\x00"

// File is one Compose file of a directory.
type File struct {
	// Path is the path shown in reports; Abs the absolute path.
	Path, Abs string
	Data      []byte
	// Explicit is true for a file named on the command line.
	Explicit bool
}

// defaultNames are the files Compose reads when no -f is given, in its
// order of preference, and their overrides.
var defaultNames = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}

// IsComposeFile reports whether a file is named like a Compose file:
// compose.yaml, compose.override.yaml, compose.*.yaml, docker-compose*.yml
// (and .yml/.yaml each way).
func IsComposeFile(path string) bool {
	base := filepath.Base(path)
	if ext := filepath.Ext(base); !strings.EqualFold(ext, ".yml") && !strings.EqualFold(ext, ".yaml") {
		return false // most files: decided without a lower-case copy
	}
	name := strings.ToLower(base)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	return stem == "compose" || strings.HasPrefix(stem, "compose.") || strings.HasPrefix(stem, "docker-compose")
}

// Group is the files loaded together as one project: the default file
// with its override, or a variant file (docker-compose.prod.yml) alone or
// merged onto the default file when it only overrides it.
type Group struct {
	Files []File
	// Only, when set, is the file the group is judged for: the group is a
	// variant merged onto the default file, and findings located in the
	// default file are the default group's.
	Only string
}

// Groups splits the Compose files of one directory into projects.
func Groups(files []File) []Group {
	byName := map[string]File{}
	for _, f := range files {
		byName[strings.ToLower(filepath.Base(f.Path))] = f
	}
	var base *File
	var override *File
	for _, n := range defaultNames {
		if f, ok := byName[n]; ok {
			base = &f
			ext := filepath.Ext(n)
			if o, ok := byName[strings.TrimSuffix(n, ext)+".override"+ext]; ok {
				override = &o
			} else if o, ok := byName[strings.TrimSuffix(n, ext)+".override"+otherExt(ext)]; ok {
				override = &o
			}
			break
		}
	}
	var out []Group
	if base != nil {
		g := Group{Files: []File{*base}}
		if override != nil {
			g.Files = append(g.Files, *override)
		}
		out = append(out, g)
	}
	for _, f := range files {
		if (base != nil && f.Abs == base.Abs) || (override != nil && f.Abs == override.Abs) {
			continue
		}
		g := Group{Files: []File{f}}
		if base != nil && isOverride(f.Data) {
			g = Group{Files: []File{*base, f}, Only: f.Path}
		}
		out = append(out, g)
	}
	return out
}

func otherExt(ext string) string {
	if ext == ".yml" {
		return ".yaml"
	}
	return ".yml"
}

// isOverride reports whether a Compose file only overrides another: one of
// its services names neither an image nor a build, which a file loaded
// alone must.
func isOverride(data []byte) bool {
	f, err := tree.Parse(data)
	if err != nil || len(f.Docs) == 0 {
		return false
	}
	services := f.Docs[0].Get("services")
	if services == nil || services.Kind != tree.Map {
		return false
	}
	for _, p := range services.Pairs {
		svc := p.Value
		if svc == nil || svc.Kind != tree.Map {
			continue
		}
		if svc.Get("image") == nil && svc.Get("build") == nil && svc.Get("extends") == nil {
			return true
		}
	}
	return false
}

// Options configure Load.
type Options struct {
	// Allowed reports whether a file the project names (extends, include,
	// .env) may be read: it lies inside what is being scanned. Nil allows
	// every file.
	Allowed func(abs string) bool
	// Stage returns the stage a service's build judges, to learn the user
	// the built image runs as; nil when Dockerfiles are not read.
	Stage func(b *model.ComposeBuild) *model.Stage
}

// Project is a loaded Compose project.
type Project struct {
	Name     string
	Services []*model.ComposeService
}

// Load loads one group of Compose files as a project and adapts its
// services. dir is the project directory (the first file's), whose .env
// sets the variables.
func Load(dir string, g Group, o Options) (proj *Project, res adapt.Result) {
	first := g.Files[0]
	defer func() {
		if p := recover(); p != nil {
			proj, res = nil, adapt.Result{}
			res.Errorf(model.Pos{File: first.Path, Line: 1}, fmt.Sprintf("cannot load Compose project: internal error (please report): %v", p))
		}
	}()
	trees := make([]*tree.File, len(g.Files))
	for i, f := range g.Files {
		t, err := tree.Parse(f.Data)
		if err != nil {
			line, msg := 1, err.Error()
			var te *tree.Error
			if errors.As(err, &te) {
				line, msg = te.Line, te.Msg
			}
			res.Errorf(model.Pos{File: f.Path, Line: line}, "cannot parse Compose file: "+msg)
			return nil, res
		}
		trees[i] = t
		for _, c := range t.Comments() {
			res.Comments = append(res.Comments, adapt.Comment{Pos: model.Pos{File: f.Path, Line: c.Line}, Text: c.Text})
		}
	}
	// One budget for the project's interpolation: .env values built from
	// other .env values (A1=${A0}${A0} ...), then the Compose files'.
	b := budget.New()
	envPos := model.Pos{File: filepath.ToSlash(filepath.Join(filepath.Dir(first.Path), ".env"))}
	env, envLines, envErr := dotEnv(dir, o.Allowed, b)
	if envErr != nil {
		res.Warnf(envPos, "cannot read .env, so its variables are unset: "+envErr.Error())
	}
	for _, c := range envLines.comments {
		res.Comments = append(res.Comments, adapt.Comment{Pos: model.Pos{File: envPos.File, Line: c.Line}, Text: c.Text})
	}
	overInEnv := b.Exceeded()
	loaded, err := load(dir, g, env, true, o.Allowed, b)
	if err != nil {
		// A variable left unset where the loader needs a value of a type
		// (a port number, a boolean): load as Compose does, with blanks.
		if again, err2 := load(dir, g, env, false, o.Allowed, b); err2 == nil {
			loaded, err = again, nil
			res.Notef(model.Pos{File: first.Path, Line: 1}, "some variables are set neither in .env nor by a default; they were read as blank strings, as Compose does")
		}
	}
	if b.Exceeded() {
		at := model.Pos{File: first.Path, Line: 1}
		if overInEnv {
			at = envPos
		}
		res.Note(budget.Kind, at, b.Notice())
	}
	if err != nil {
		res.Errorf(model.Pos{File: first.Path, Line: 1}, "cannot load Compose project: "+loadError(err, dir))
		return nil, res
	}
	a := adapter{files: g.Files, trees: trees, only: g.Only, envFile: envPos.File, envLines: envLines.sets}
	out := &Project{Name: loaded.Name}
	for _, name := range loaded.ServiceNames() {
		out.Services = append(out.Services, a.service(loaded.Name, loaded.Services[name], o))
	}
	for _, name := range sortedKeys(loaded.DisabledServices) {
		out.Services = append(out.Services, a.service(loaded.Name, loaded.DisabledServices[name], o))
	}
	return out, res
}

func sortedKeys(m types.Services) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// dotEnv reads the project directory's .env (a regular file of at most
// 1 MB) and expands its variables as Compose does, except that a variable
// whose value would take the expansion over the budget is Unset; lines
// says where (see envLinesOf).
func dotEnv(dir string, allowed func(string) bool, b *budget.Budget) (env map[string]string, lines envLines, err error) {
	p := filepath.Join(dir, ".env")
	if allowed != nil && !allowed(p) {
		return map[string]string{}, envLines{}, nil
	}
	info, err := os.Stat(p)
	if err != nil || info.IsDir() {
		return map[string]string{}, envLines{}, nil
	}
	data, err := safefs.ReadFile(p, 1<<20)
	if err != nil {
		if safefs.IsTooLarge(err) {
			return map[string]string{}, envLines{}, fmt.Errorf("it is over 1 MB")
		}
		return map[string]string{}, envLines{}, err
	}
	env = map[string]string{}
	// The parser asks resolve first, then its own map, which is env: so
	// resolve sees every value set so far and spends the budget on it.
	resolve := func(k string) (string, bool) { return budgeted(env, b, k) }
	if err := dotenv.ParseWithFormat(bytes.NewReader(data), p, env, resolve, dotenv.DotEnv); err != nil {
		return map[string]string{}, envLines{}, err
	}
	return env, envLinesOf(data, env), nil
}

// envLines are the places in a .env that findings and suppressions need:
// the line that sets each variable, and the comments that may be
// suppression directives.
type envLines struct {
	sets     map[string]int
	comments []tree.Comment
}

// envLinesOf finds them in a parsed .env (the parser gives values, not
// places). A variable is set on the last line that starts, after blanks
// and an optional "export", with its name and = or :; a line inside a
// quoted value spread over lines can only be taken for a variable that the
// file also sets.
func envLinesOf(data []byte, env map[string]string) envLines {
	out := envLines{sets: map[string]int{}}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimLeft(line, " \t")
		if len(line) > 0 && line[0] == '#' {
			if adapt.MayBeDirectiveBytes(line) {
				out.comments = append(out.comments, tree.Comment{Line: n + 1, Text: string(bytes.TrimRight(line, " \t\r"))})
			}
			continue
		}
		if rest, ok := bytes.CutPrefix(line, []byte("export")); ok && len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			line = bytes.TrimLeft(rest, " \t")
		}
		end := bytes.IndexAny(line, "=: \t")
		if end <= 0 {
			continue
		}
		name := string(line[:end])
		if _, ok := env[name]; !ok {
			continue
		}
		if rest := bytes.TrimLeft(line[end:], " \t"); len(rest) > 0 && (rest[0] == '=' || rest[0] == ':') {
			out.sets[name] = n + 1
		}
	}
	return out
}

// budgeted looks a variable up for interpolation: a value that would take
// the budget over is Unset (unknown), so that doubling variables
// (A1=${A0}${A0}, A2=${A1}${A1} ...) cannot build gigabytes.
func budgeted(env map[string]string, b *budget.Budget, k string) (string, bool) {
	v, ok := env[k]
	if !ok {
		return "", false
	}
	if !b.Allow(len(v)) {
		return Unset, true
	}
	return v, true
}

// projectNameRe keeps what Compose allows in a project name.
var projectNameRe = regexp.MustCompile(`[^a-z0-9_-]`)

func load(dir string, g Group, env map[string]string, markUnset bool, allowed func(string) bool, b *budget.Budget) (*types.Project, error) {
	details := types.ConfigDetails{WorkingDir: dir, Environment: types.Mapping(env)}
	for _, f := range g.Files {
		details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: f.Abs, Content: f.Data})
	}
	name := projectNameRe.ReplaceAllString(strings.ToLower(filepath.Base(dir)), "")
	if name == "" || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= '0' && name[0] <= '9') {
		name = "project"
	}
	lookup := func(k string) (string, bool) { return budgeted(env, b, k) }
	return loader.LoadWithContext(context.Background(), details, func(lo *loader.Options) {
		lo.SetProjectName(name, false)
		lo.Profiles = []string{"*"} // every service is judged, whatever profile enables it
		lo.SkipConsistencyCheck = true
		lo.SkipResolveEnvironment = true // env_file entries are files outside the compose file
		lo.SkipResolveLabels = true
		lo.ResourceLoaders = nil // local files only: no git or OCI includes
		if allowed != nil {
			lo.ResourceLoaders = []loader.ResourceLoader{outside{dir: dir, allowed: allowed}}
		}
		lo.Interpolate = &interp.Options{LookupValue: lookup, TypeCastMapping: lo.Interpolate.TypeCastMapping, Substitute: substitute(markUnset)}
	})
}

// substitute interpolates as Compose does, except that with markUnset a
// variable that is unset and has no default becomes Unset rather than a
// blank, so that what it stands for is unknown, not empty.
func substitute(markUnset bool) func(string, template.Mapping) (string, error) {
	repl := func(s string, m template.Mapping, cfg *template.Config) (string, error) {
		v, applied, err := template.DefaultReplacementAppliedFunc(s, m, cfg)
		var missing *template.MissingRequiredError
		if markUnset && (err == nil && !applied || errors.As(err, &missing)) {
			return Unset, nil
		}
		return v, err
	}
	return func(s string, m template.Mapping) (string, error) {
		return template.SubstituteWithOptions(s, m, template.WithReplacementFunction(repl), template.WithoutLogging)
	}
}

// loadError shortens the loader's error: absolute paths below the project
// directory are made relative.
func loadError(err error, dir string) string {
	msg := err.Error()
	if abs, e := filepath.Abs(dir); e == nil {
		msg = strings.ReplaceAll(msg, abs+string(filepath.Separator), "")
	}
	return msg
}

// outside refuses the files an extends or include names outside what is
// scanned; the loader reads the others itself.
type outside struct {
	dir     string
	allowed func(string) bool
}

func (o outside) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(o.dir, p)
}

// Accept claims the paths outside what is scanned.
func (o outside) Accept(p string) bool {
	return !strings.Contains(p, "://") && !o.allowed(o.abs(p))
}

// Load refuses them.
func (o outside) Load(_ context.Context, p string) (string, error) {
	return "", fmt.Errorf("%s is outside the scanned directories; not read", p)
}

// Dir is the directory of a path.
func (o outside) Dir(p string) string { return filepath.Dir(o.abs(p)) }
