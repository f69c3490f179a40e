// Package scan is the pipeline: find inputs, parse and adapt them in
// parallel, run the rules on every state, then apply suppressions, the
// baseline and severity overrides.
package scan

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/discover"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/suppress"
)

// DefaultMaxFileSize is the size above which a file is not read.
const DefaultMaxFileSize = 10 << 20

// Options configure a scan.
type Options struct {
	// Paths are files and directories; "-" reads Stdin.
	Paths []string
	Stdin io.Reader
	// Config is the loaded .shipshape.yaml (never nil after Run starts).
	Config *config.Config
	// CFNParams override CloudFormation parameter defaults.
	CFNParams map[string]string
	// NoInlineIgnores disables suppressions written in the scanned files.
	NoInlineIgnores bool
	// NoIgnore makes directory walks read files that .gitignore files
	// exclude (paths named in Paths are read in any case).
	NoIgnore bool
	// Baseline marks known findings as suppressed.
	Baseline *suppress.Baseline
	// ForceType adapts every explicit file and stdin as this kind ("dockerfile").
	ForceType string
	// MaxFileSize in bytes (default DefaultMaxFileSize).
	MaxFileSize int64
	// Workers is the parallelism (default GOMAXPROCS).
	Workers int
	// Settings are passed to rules.
	Settings *rule.Settings
	// Rules to run (default: every registered rule not disabled by Config).
	Rules []*rule.Rule
	// rules are Rules by the format they apply to (set by Run and Check).
	rules *ruleIndex
	// BuildArgs override Dockerfile ARG defaults (--build-arg).
	BuildArgs map[string]string
	// Target is the Dockerfile stage that is built (--target; default the
	// last, or the target of the Compose services that build it).
	Target string
	// Targets are stages named for one Dockerfile each (--target
	// PATH=STAGE), by the Dockerfile's absolute path; they win over Target.
	Targets map[string]string
	// TFVars and TFVarFiles set Terraform variables (-var, -var-file).
	TFVars     map[string]string
	TFVarFiles []string
	// Images are built images to check: image tarballs, OCI layout
	// directories or registry references (shipshape image, scan --image).
	Images []string
	// Platform picks the image of a multi-platform index (default
	// linux/amd64); AllPlatforms checks every one.
	Platform     string
	AllPlatforms bool
	// Insecure allows plain HTTP to loopback registries.
	Insecure bool
	// Boundary confines the paths inputs name (file(), module sources,
	// symlinks found in the walk, configs found upward) to the repository
	// being scanned (default: safefs.NewBoundary(Paths)).
	Boundary *safefs.Boundary
	// FollowSymlinks scans files whose symlinks lead outside the boundary.
	FollowSymlinks bool
	// MaxFindingsPerFile caps the findings reported for one file (default:
	// the config's max_findings_per_file); the rest are counted in a notice.
	MaxFindingsPerFile int
	// Overlay holds file contents that replace what is on disk, by display
	// path (as findings name files): `fix` re-scans the files it changed
	// before writing them.
	Overlay map[string][]byte
	// KeepStates keeps the model of every input in Result.States (tests
	// compare the model before and after a fix).
	KeepStates bool
	// Memo is a store that lives for one scan, where input kinds share work
	// between jobs, such as files parsed once for every module that calls
	// them (created by Run when nil).
	Memo *sync.Map
}

// Result is what a scan found.
type Result struct {
	// Findings are the findings that count.
	Findings []finding.Finding
	// Suppressed are findings silenced by a suppression or the baseline.
	Suppressed []finding.Finding
	// Diagnostics report inputs that could not be read or understood.
	Diagnostics []finding.Diagnostic
	// Files is the number of files scanned, those that could not be read
	// included (a Terraform module counts its files).
	Files int
	// Inputs count the files read by kind, most first.
	Inputs []InputCount
	// Skipped count the files recognised but not scanned, by kind (Helm
	// chart templates); Files does not count them.
	Skipped []InputCount
	// Rules is the number of rules run.
	Rules int
	// inputs are the paths of the files read as inputs.
	inputs []string
	// States are the inputs' models, when Options.KeepStates is set.
	States []*model.State
}

// Input returns the path of the scanned input that is the same file as
// path, or "" (so that a report is never written over an input).
func (r *Result) Input(path string) string {
	if path == "" || path == "-" {
		return ""
	}
	base := filepath.Base(path)
	for _, in := range r.inputs {
		if filepath.Base(in) == base && safefs.SameFile(in, path) {
			return DisplayPath(in)
		}
	}
	return ""
}

// HasErrors reports whether an input could not be read or parsed.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Level == finding.LevelError {
			return true
		}
	}
	return false
}

// job is one unit of work: a file, or a directory of a dirKind.
type job struct {
	file discover.File
	// image is a built image's reference (a file found or named, or a
	// registry reference).
	image   string
	src     *Source // stdin
	dir     string
	dirSrcs []Source // the directory's files, read once while planning
	dirKind *DirKind
}

// jobResult is what a worker returns for a job.
type jobResult struct {
	res      adapt.Result
	scanned  bool
	noun     *Noun // what kind of file was read; nil: none, or a directory job
	findings []held
	deferred []*model.State // states merged across files before rules run
}

// Run scans.
func Run(o Options) (*Result, error) {
	if o.Config == nil {
		o.Config = &config.Config{}
	}
	if o.MaxFileSize == 0 {
		o.MaxFileSize = DefaultMaxFileSize
		if n := o.Config.MaxFileSize(); n > 0 {
			o.MaxFileSize = n
		}
	}
	if o.MaxFindingsPerFile <= 0 {
		o.MaxFindingsPerFile = o.Config.FindingsPerFile()
	}
	if o.Memo == nil {
		o.Memo = &sync.Map{}
	}
	if o.Boundary == nil {
		o.Boundary = safefs.NewBoundary(o.Paths)
	}
	defer holdWD()()
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Settings == nil {
		o.Settings = &rule.Settings{TrustedRegistries: o.Config.Registries(), Strict: o.Config.Strict, Params: o.Config.Rules}
	}
	if o.Rules == nil {
		o.Rules = EnabledRules(o.Config)
	}
	o.rules = indexRules(o.Rules)
	if len(o.CFNParams) == 0 && len(o.Config.Params) > 0 {
		o.CFNParams = o.Config.Params
	}
	result := &Result{Rules: len(o.Rules)}

	jobs, planned, diags := plan(o)
	result.Diagnostics = append(result.Diagnostics, diags...)

	results := make([]jobResult, len(jobs))
	strs := newInterner()
	// Directory jobs go first: planning them parsed their files (the
	// Terraform parse cache), which would otherwise stay in memory while
	// every other file is scanned. Results keep the jobs' order.
	order := make([]int, 0, len(jobs))
	for _, dirFirst := range []bool{true, false} {
		for i := range jobs {
			if (jobs[i].dirKind != nil) == dirFirst {
				order = append(order, i)
			}
		}
	}
	// Workers take the next job from a shared counter rather than from a
	// channel fed by this goroutine: a hand-off per file would wake a
	// second thread for every file, which costs CPU time on an idle core.
	var taken atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []finding.Finding // the worker's findings buffer, reused by its jobs
			for {
				n := int(taken.Add(1)) - 1
				if n >= len(order) {
					return
				}
				i := order[n]
				results[i] = runJob(jobs[i], &o, strs, &scratch)
				for k := range jobs[i].dirSrcs {
					jobs[i].dirSrcs[k].Data = nil // adapted: let the bytes go
				}
			}
		}()
	}
	wg.Wait()

	// Sized once: the findings and comments of a large scan are many.
	var nFindings, nComments, nDiags int
	for _, jr := range results {
		nFindings += len(jr.findings)
		nComments += len(jr.res.Comments)
		nDiags += len(jr.res.Diagnostics)
	}
	all := make([]finding.Finding, 0, nFindings)
	comments := make([]adapt.Comment, 0, nComments)
	result.Diagnostics = slices.Grow(result.Diagnostics, nDiags)
	var deferred []*model.State
	unreadable := planned.unreadable
	for i, jr := range results {
		if j := jobs[i]; jr.scanned {
			switch {
			case j.dirKind != nil:
				for _, src := range j.dirSrcs {
					result.inputs = append(result.inputs, src.Path)
				}
			case j.src == nil:
				result.inputs = append(result.inputs, j.file.Path)
			}
		}
		switch {
		case jr.noun != nil:
			result.Inputs = countInputs(result.Inputs, *jr.noun, 1)
		case jr.res.Skipped != nil:
			result.Skipped = countInputs(result.Skipped, *jr.res.Skipped, 1)
		case jr.scanned && jobs[i].dirKind == nil:
			unreadable++ // read or parse error
		}
		result.Diagnostics = append(result.Diagnostics, jr.res.Diagnostics...)
		comments = append(comments, jr.res.Comments...)
		for _, h := range jr.findings {
			all = append(all, strs.finding(h))
		}
		results[i].findings = nil
		deferred = append(deferred, jr.deferred...)
		if o.KeepStates {
			result.States = append(result.States, jr.res.States...)
		}
	}
	for _, st := range mergeStates(deferred) {
		fs, ds := runRules(o.rules, []*model.State{st}, o.Settings, nil)
		fs, capped := capFindings(fs, o.MaxFindingsPerFile)
		for _, h := range strs.findings(fs) {
			all = append(all, strs.finding(h))
		}
		result.Diagnostics = append(result.Diagnostics, ds...)
		result.Diagnostics = append(result.Diagnostics, capped...)
	}
	result.Inputs = append(result.Inputs, planned.counts...)
	result.Inputs = countAlsoRead(result.Inputs, jobs, results, planned.walked)
	sort.SliceStable(result.Inputs, func(i, j int) bool { return result.Inputs[i].Files > result.Inputs[j].Files })
	result.Files = unreadable
	for _, c := range result.Inputs {
		result.Files += c.Files
	}
	if result.Files == 0 && len(result.Diagnostics) == 0 {
		for _, p := range o.Paths {
			result.Diagnostics = append(result.Diagnostics, finding.Diagnostic{Pos: model.Pos{File: DisplayPath(p)}, Level: finding.LevelWarning,
				Message: noInput(p, &planned.skipped, o)})
		}
	}
	finish(result, all, comments, &o)
	return result, nil
}

// noInput is the message for a path in which a scan found nothing to read:
// when .gitignore rules skipped files that look like inputs, it says how
// many, which rules and what to do.
func noInput(path string, skipped *discover.Skipped, o Options) string {
	const msg = "no input found to scan (CloudFormation, task definitions, Dockerfiles, Terraform, Kubernetes manifests, Compose files)"
	if o.NoIgnore || skipped.Files+skipped.Dirs == 0 {
		return msg
	}
	files, _ := discover.Walk([]string{path}, discover.Options{Exclude: o.Config.IgnorePaths, Wanted: wantedByName, NoIgnore: true})
	if len(files) == 0 {
		return msg
	}
	what := fmt.Sprintf("%d files that look like inputs are", len(files))
	if len(files) == 1 {
		what = "1 file that looks like an input is"
	}
	return fmt.Sprintf("no input found to scan: %s skipped because a .gitignore excludes them (%s); "+
		"pass --no-ignore to scan them, or name them on the command line", what, strings.Join(skipped.Reasons, "; "))
}

// EnabledRules returns the registered rules the config does not disable.
func EnabledRules(c *config.Config) []*rule.Rule {
	disabled := map[string]bool{}
	if c != nil {
		for _, id := range c.Disable {
			disabled[id] = true
		}
	}
	var out []*rule.Rule
	for _, r := range rule.All() {
		if !disabled[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// dirCounts count the files of directory kinds, read while planning, and
// what .gitignore files made the walk skip.
type dirCounts struct {
	counts     []InputCount
	unreadable int
	skipped    discover.Skipped
	// walked are the display paths of the directory kinds' files the walk
	// found, counted already.
	walked map[string]bool
}

// countAlsoRead adds to counts the files that directory jobs read besides
// the walked ones (the local modules a Terraform root calls from outside
// the scanned paths), each file and directory once, under its kind's nouns:
// their findings are reported, so the summary counts them as read.
func countAlsoRead(counts []InputCount, jobs []job, results []jobResult, walked map[string]bool) []InputCount {
	seen := map[string]bool{}
	type extra struct {
		files int
		dirs  map[string]bool
	}
	byKind := map[*DirKind]*extra{}
	var order []*DirKind
	for i, jr := range results {
		k := jobs[i].dirKind
		if k == nil {
			continue
		}
		for _, p := range jr.res.Read {
			if seen[p] || walked[p] {
				continue
			}
			seen[p] = true
			e := byKind[k]
			if e == nil {
				e = &extra{dirs: map[string]bool{}}
				byKind[k] = e
				order = append(order, k)
			}
			e.files++
			e.dirs[path.Dir(p)] = true
		}
	}
	for _, k := range order {
		e := byKind[k]
		i := slices.IndexFunc(counts, func(c InputCount) bool { return c.Noun == k.Noun })
		if i < 0 {
			counts = append(counts, InputCount{Noun: k.Noun, DirNoun: k.DirNoun})
			i = len(counts) - 1
		}
		counts[i].Files += e.files
		counts[i].Dirs += len(e.dirs)
	}
	return counts
}

// plan discovers the inputs and groups them into jobs.
func plan(o Options) ([]job, dirCounts, []finding.Diagnostic) {
	var counted dirCounts
	var jobs []job
	var diags []finding.Diagnostic
	var paths []string
	for _, ref := range o.Images {
		if imageKind == nil {
			continue
		}
		jobs = append(jobs, job{image: ref, file: discover.File{Path: ref, Explicit: true}})
	}
	for _, p := range o.Paths {
		if p == "-" {
			if o.Stdin == nil {
				diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: "<stdin>"}, Level: finding.LevelError, Message: "no standard input to read"})
				continue
			}
			data, err := safefs.ReadLimited(o.Stdin, o.MaxFileSize)
			if err != nil {
				msg := "cannot read: " + err.Error()
				if safefs.IsTooLarge(err) {
					msg = fmt.Sprintf("standard input is over the %s limit; not scanned (raise max_file_size_mb in .shipshape.yaml)", safefs.MB(o.MaxFileSize))
				}
				diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: "<stdin>"}, Level: finding.LevelError, Message: msg})
				counted.unreadable++
				continue
			}
			jobs = append(jobs, job{src: &Source{Path: "<stdin>", Data: data}, file: discover.File{Path: "<stdin>", Explicit: true}})
			continue
		}
		paths = append(paths, p)
	}
	counted.skipped = discover.Skipped{}
	wanted := wantedByName
	files, errs := discover.Walk(paths, discover.Options{Exclude: o.Config.IgnorePaths, Wanted: wanted, NoIgnore: o.NoIgnore,
		Skipped: &counted.skipped, Listed: o.Boundary.RememberListing})
	for _, err := range errs {
		diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: errPath(err)}, Level: finding.LevelError, Message: errText(err)})
	}
	dirs := map[*DirKind]map[string][]string{}
	var dirOrder []job
	explicit := map[string]bool{}
	for _, f := range files {
		if imageKind != nil && o.ForceType == "" && imageKind.ByName(f.Path) && (f.Explicit || imageKind.Sniff(f.Path)) {
			jobs = append(jobs, job{image: f.Path, file: f})
			continue
		}
		claimed := false
		for i := range dirKinds {
			k := &dirKinds[i]
			if o.ForceType == "" && k.ByName(f.Path) {
				if f.Explicit {
					explicit[f.Path] = true
				}
				dir := filepath.Dir(f.Path)
				if dirs[k] == nil {
					dirs[k] = map[string][]string{}
				}
				if dirs[k][dir] == nil {
					dirOrder = append(dirOrder, job{dir: dir, dirKind: k})
				}
				dirs[k][dir] = append(dirs[k][dir], f.Path)
				claimed = true
				break
			}
		}
		if !claimed {
			jobs = append(jobs, job{file: f})
		}
	}
	// The files of directory kinds are read here, once: Keep reads them
	// to plan, and the jobs adapt the same bytes.
	srcs := map[*DirKind]map[string][]Source{}
	counted.walked = map[string]bool{}
	for _, j := range dirOrder {
		k := j.dirKind
		if srcs[k] == nil {
			srcs[k] = map[string][]Source{}
		}
		for _, p := range dirs[k][j.dir] {
			data, diag := o.read(p, true)
			if diag != nil {
				diags = append(diags, *diag)
				if diag.Level == finding.LevelError {
					counted.unreadable++
				}
				continue
			}
			display := DisplayPath(p)
			srcs[k][j.dir] = append(srcs[k][j.dir], Source{Path: display, Data: data, Explicit: explicit[p]})
			counted.walked[display] = true
		}
	}
	for i := range dirKinds {
		k := &dirKinds[i]
		c := InputCount{Noun: k.Noun, DirNoun: k.DirNoun}
		if c.Noun.One == "" {
			c.Noun = Noun{One: k.Name + " file", Many: k.Name + " files"}
		}
		for _, files := range srcs[k] {
			if len(files) > 0 {
				c.Files += len(files)
				c.Dirs++
			}
		}
		if c.Files > 0 {
			counted.counts = append(counted.counts, c)
		}
	}
	keep := map[*DirKind]map[string]bool{}
	for _, j := range dirOrder {
		if k := j.dirKind; k.Keep != nil {
			if keep[k] == nil {
				keep[k] = k.Keep(srcs[k], &o)
			}
			if !keep[k][j.dir] {
				continue
			}
		}
		j.dirSrcs = srcs[j.dirKind][j.dir]
		jobs = append(jobs, j)
	}
	return jobs, counted, diags
}

// wantedByName reports whether an input kind claims a file by its name.
func wantedByName(path string) bool {
	for _, k := range dirKinds {
		if k.ByName(path) {
			return true
		}
	}
	for _, k := range fileKinds {
		if k.ByName(path) {
			return true
		}
	}
	return imageKind != nil && imageKind.ByName(path)
}

func errPath(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return DisplayPath(pe.Path)
	}
	return ""
}

func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		if os.IsNotExist(pe.Err) {
			return "no such file or directory"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// scanWD is the working directory while scans run, so that DisplayPath
// does not ask the system for it for every file (os.Getwd stats two
// paths): a scan does not change directory.
var scanWD struct {
	mu   sync.Mutex
	runs int
	wd   atomic.Pointer[string]
}

// holdWD remembers the working directory until the returned function is
// called at the end of the scan.
func holdWD() func() {
	scanWD.mu.Lock()
	defer scanWD.mu.Unlock()
	if scanWD.runs == 0 {
		if wd, err := os.Getwd(); err == nil {
			scanWD.wd.Store(&wd)
		}
	}
	scanWD.runs++
	return func() {
		scanWD.mu.Lock()
		defer scanWD.mu.Unlock()
		if scanWD.runs--; scanWD.runs == 0 {
			scanWD.wd.Store(nil)
		}
	}
}

func getwd() (string, error) {
	if wd := scanWD.wd.Load(); wd != nil {
		return *wd, nil
	}
	return os.Getwd()
}

// DisplayPath is the path shown in reports: relative to the working
// directory when below it, with forward slashes.
func DisplayPath(p string) string {
	if p == "<stdin>" {
		return p
	}
	if wd, err := getwd(); err == nil {
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(wd, p) // what filepath.Abs does, without asking for wd again
		}
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// NotRecognised is the message for a file named on the command line (or
// standard input) that is no kind of input shipshape reads.
const NotRecognised = "not a recognised input: expected a CloudFormation template, an ECS task definition, a Dockerfile, Terraform, a Kubernetes manifest or a Compose file; name its kind with --type"

// NotReadKind names, after a count, the files a directory walk found named
// like an input that turned out not to be one (a Dockerfile.template that
// is a Jinja template, a YAML file of another kind); text output folds
// their notices into one line and -v lists them.
const NotReadKind = "files named like inputs that are not read (templates, or YAML of another kind)"

// NotRead is what a FileKind's Adapt returns, with ok false, for a file
// named like its kind that is not one: a notice saying why, which a
// directory walk reports folded with the others of its kind (for a file
// named on the command line, it is a warning).
func NotRead(path, why string) adapt.Result {
	var res adapt.Result
	res.Note(NotReadKind, model.Pos{File: path}, why+"; not read")
	return res
}

// NotText is the message for a file named on the command line (or standard
// input) that holds binary data.
const NotText = "binary file (it holds NUL bytes), not a text input; not scanned"

// isBinary reports whether data holds a NUL byte in its first 8 KB and is not
// UTF-16 text (which starts with a byte-order mark).
func isBinary(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return false
	}
	return bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0
}

// runJob reads, adapts and checks one job; it never panics. The rules'
// findings are made in *scratch, which the job leaves empty (and perhaps
// grown) for the worker's next job: they are held as numbers once checked.
func runJob(j job, o *Options, strs *interner, scratch *[]finding.Finding) (jr jobResult) {
	display := DisplayPath(j.file.Path)
	if j.dirKind != nil {
		display = DisplayPath(j.dir)
	}
	defer func() {
		if p := recover(); p != nil {
			jr.res.Errorf(model.Pos{File: display}, fmt.Sprintf("internal error while scanning (please report): %v\n%s", p, firstFrames(debug.Stack())))
			jr.scanned = true
		}
	}()
	switch {
	case j.image != "":
		if _, err := os.Stat(j.image); err != nil {
			display = j.image // a registry reference
		}
		jr.res = imageKind.Adapt(j.image, display, o)
		jr.scanned = true
		if len(jr.res.States) > 0 {
			jr.noun = &Noun{One: "image", Many: "images"}
		}
	case j.dirKind != nil:
		jr.res = mergeResult(jr.res, j.dirKind.Adapt(j.dir, j.dirSrcs, o))
		jr.scanned = true
	default:
		src := j.src
		if src == nil {
			data, diag := o.read(j.file.Path, j.file.Explicit)
			if diag != nil {
				jr.res.Diagnostics = append(jr.res.Diagnostics, *diag)
				jr.scanned = diag.Level == finding.LevelError
				return jr
			}
			if data == nil {
				return jr
			}
			src = &Source{Path: display, Data: data}
		}
		res, kind, ok := adaptFile(*src, j.file, o)
		if !ok && len(res.Diagnostics) > 0 && j.src == nil {
			// named like an input, and not one: said, not scanned
			jr.res.Diagnostics = res.Diagnostics
			if j.file.Explicit {
				for i := range jr.res.Diagnostics {
					jr.res.Diagnostics[i].Level = finding.LevelWarning
					jr.res.Diagnostics[i].Kind = ""
				}
			}
			return jr
		}
		if !ok {
			msg := NotRecognised
			switch {
			case len(bytes.TrimSpace(src.Data)) == 0:
				msg = "empty: nothing to scan"
			case isBinary(src.Data):
				msg = NotText
			}
			switch {
			case j.src != nil: // standard input: nothing else was asked for
				jr.res.Errorf(model.Pos{File: display}, msg)
				jr.scanned = true
			case j.file.Explicit:
				jr.res.Warnf(model.Pos{File: display}, msg)
			}
			return jr
		}
		jr.res, jr.scanned = res, true
		if len(res.States) > 0 || (!res.HasErrors() && res.Skipped == nil) {
			var f model.Format
			if len(res.States) > 0 {
				f = res.States[0].Format
			}
			noun := fileNoun(kind, f)
			jr.noun = &noun
		}
	}
	jr.res.Comments = directiveComments(jr.res.Comments)
	var now []*model.State
	for _, st := range jr.res.States {
		if mergeable(st.Format) {
			jr.deferred = append(jr.deferred, st)
		} else {
			now = append(now, st)
		}
	}
	fs, ds := runRules(o.rules, now, o.Settings, (*scratch)[:0])
	made := fs // filtered and capped in place below
	if jr.res.Report != nil || jr.res.Yields != nil {
		kept := fs[:0]
		for _, f := range fs {
			if (jr.res.Report == nil || jr.res.Report(f.Pos.File, f.Resource)) && (jr.res.Yields == nil || !jr.res.Yields(&f)) {
				kept = append(kept, f)
			}
		}
		fs = kept
	}
	fs, capped := capFindings(fs, o.MaxFindingsPerFile)
	jr.findings = strs.findings(fs)
	clear(made) // what they pointed to may go
	*scratch = made[:0]
	jr.res.Report = nil // it may hold the job's model
	jr.res.Diagnostics = append(jr.res.Diagnostics, ds...)
	jr.res.Diagnostics = append(jr.res.Diagnostics, capped...)
	if !o.KeepStates {
		jr.res.States = nil // checked: let the model go while other files are scanned
	}
	return jr
}

func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}

func mergeResult(a, b adapt.Result) adapt.Result {
	a.States = append(a.States, b.States...)
	a.Diagnostics = append(a.Diagnostics, b.Diagnostics...)
	a.Comments = append(a.Comments, b.Comments...)
	a.Read = append(a.Read, b.Read...)
	if b.Report != nil {
		a.Report = b.Report
	}
	if b.Yields != nil {
		a.Yields = b.Yields
	}
	return a
}

// adaptFile picks the file kind: by --type, by name, or by content for
// files named explicitly and stdin.
func adaptFile(src Source, f discover.File, o *Options) (adapt.Result, *FileKind, bool) {
	if o.ForceType != "" && f.Explicit {
		for i := range fileKinds {
			if k := &fileKinds[i]; k.Name == o.ForceType {
				res, ok := k.Adapt(src, o)
				return res, k, ok
			}
		}
	}
	var notRead adapt.Result
	for i := range fileKinds {
		if k := &fileKinds[i]; k.ByName(f.Path) {
			res, ok := k.Adapt(src, o)
			if ok {
				return res, k, true
			}
			if len(notRead.Diagnostics) == 0 {
				notRead = res
			}
		}
	}
	if f.Explicit {
		for i := range fileKinds {
			if k := &fileKinds[i]; !k.ByName(f.Path) && k.Sniff != nil && k.Sniff(src.Data) {
				if res, ok := k.Adapt(src, o); ok {
					return res, k, true
				}
			}
		}
	}
	return notRead, nil, false
}

// read reads a file, or its replacement in the overlay.
func (o *Options) read(path string, claimed bool) ([]byte, *finding.Diagnostic) {
	if len(o.Overlay) > 0 {
		if data, ok := o.Overlay[DisplayPath(path)]; ok {
			return data, nil
		}
	}
	return readFile(path, o, claimed)
}

// readFile reads a file, refusing files over the size limit, files that
// are not regular (a FIFO, a device) and, unless o.FollowSymlinks, files
// whose symlinks lead outside the boundary (a notice). A large file that
// does not look like an input is skipped silently (nil data, nil diag).
func readFile(path string, o *Options, claimed bool) ([]byte, *finding.Diagnostic) {
	limit := o.MaxFileSize
	fail := func(level, msg string) *finding.Diagnostic {
		return &finding.Diagnostic{Pos: model.Pos{File: DisplayPath(path)}, Level: level, Message: msg}
	}
	open := path
	if typ, err := o.Boundary.Type(path); err == nil && typ&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, fail(finding.LevelError, "cannot read: "+errText(err))
		}
		if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		if !o.FollowSymlinks && !o.Boundary.Contains(real) {
			return nil, fail(finding.LevelNotice, "symlink to "+real+", outside the repository being scanned; not followed (scan it with --follow-symlinks)")
		}
		open = real
	}
	fh, info, err := safefs.OpenInfo(open)
	if err != nil {
		if errors.Is(err, safefs.ErrNotRegular) {
			level := finding.LevelNotice
			if claimed {
				level = finding.LevelError
			}
			return nil, fail(level, "not a regular file (a device, a pipe or a socket); not read")
		}
		return nil, fail(finding.LevelError, "cannot read: "+errText(err))
	}
	defer fh.Close()
	if info.Size() > limit {
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(fh, head)
		if claimed || sniffAny(head[:n]) || byNameAny(path) {
			return nil, fail(finding.LevelError, fmt.Sprintf("file is %.1f MB, over the %s limit; not scanned (raise max_file_size_mb in .shipshape.yaml)",
				float64(info.Size())/(1<<20), safefs.MB(limit)))
		}
		return nil, nil
	}
	data, err := safefs.ReadAllSized(fh, info.Size(), limit)
	if err != nil {
		if safefs.IsTooLarge(err) {
			return nil, fail(finding.LevelError, fmt.Sprintf("file grew over the %s limit while being read; not scanned", safefs.MB(limit)))
		}
		return nil, fail(finding.LevelError, "cannot read: "+errText(err))
	}
	return data, nil
}

func sniffAny(data []byte) bool {
	for _, k := range fileKinds {
		if k.Sniff != nil && k.Sniff(data) {
			return true
		}
	}
	return false
}

func byNameAny(path string) bool {
	for _, k := range dirKinds {
		if k.ByName(path) {
			return true
		}
	}
	for _, k := range fileKinds {
		if k.Name != "yaml" && k.ByName(path) {
			return true
		}
	}
	return false
}

// mergeable reports whether states of a format are checked together across
// files (Kubernetes manifests: a NetworkPolicy in one file selects pods
// declared in another).
func mergeable(f model.Format) bool { return f == model.Kubernetes }

func mergeStates(states []*model.State) []*model.State {
	if len(states) == 0 {
		return nil
	}
	byFormat := map[model.Format]*model.State{}
	var order []model.Format
	for _, st := range states {
		m, ok := byFormat[st.Format]
		if !ok {
			m = model.NewState(string(st.Format), st.Format)
			byFormat[st.Format] = m
			order = append(order, st.Format)
		}
		m.Add(st.Resources...)
	}
	out := make([]*model.State, 0, len(order))
	for _, f := range order {
		out = append(out, byFormat[f])
	}
	return out
}

// sortFindings orders findings by file, line, rule and message, keeping
// the order of equal ones. It sorts their indices and then moves each
// finding once, rather than swapping whole findings while sorting.
func sortFindings(fs []finding.Finding) {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &fs[i], &fs[j]
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Pos.Line, b.Pos.Line); c != 0 {
			return c
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Message, b.Message); c != 0 {
			return c
		}
		return cmp.Compare(i, j) // equal findings keep their order
	})
	permute(fs, idx)
}

// permute reorders fs so that fs[i] becomes what was fs[idx[i]], following
// the permutation's cycles in place (idx is used up).
func permute[T any](fs []T, idx []int) {
	for i := range idx {
		if idx[i] == i {
			continue
		}
		held := fs[i]
		j := i
		for {
			k := idx[j]
			idx[j] = j
			if k == i {
				fs[j] = held
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

// capFindings keeps at most limit findings of each file, the most severe
// first, and returns a notice for each file that had more, naming the
// rules of the findings left out.
func capFindings(fs []finding.Finding, limit int) ([]finding.Finding, []finding.Diagnostic) {
	if limit <= 0 || len(fs) <= limit {
		return fs, nil
	}
	perFile := map[string]int{}
	over := false
	for _, f := range fs {
		perFile[f.Pos.File]++
		over = over || perFile[f.Pos.File] > limit
	}
	if !over {
		return fs, nil
	}
	// Most severe first, then in file order, so that what is kept is what
	// matters most; the report sorts again.
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Pos.File != fs[j].Pos.File {
			return fs[i].Pos.File < fs[j].Pos.File
		}
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		return fs[i].Pos.Line < fs[j].Pos.Line
	})
	kept := fs[:0]
	seen := map[string]int{}
	left := map[string]map[string]int{}
	var files []string
	for _, f := range fs {
		file := f.Pos.File
		if seen[file]++; seen[file] <= limit {
			kept = append(kept, f)
			continue
		}
		if left[file] == nil {
			left[file] = map[string]int{}
			files = append(files, file)
		}
		left[file][f.RuleID]++
	}
	var diags []finding.Diagnostic
	for _, file := range files {
		rules := make([]string, 0, len(left[file]))
		for id := range left[file] {
			rules = append(rules, id)
		}
		sort.Strings(rules)
		parts := make([]string, len(rules))
		for i, id := range rules {
			parts[i] = fmt.Sprintf("%d %s", left[file][id], id)
		}
		diags = append(diags, finding.Diagnostic{Pos: model.Pos{File: file}, Level: finding.LevelNotice, Kind: "findings over max_findings_per_file left out",
			Message: fmt.Sprintf("%d findings are over max_findings_per_file (%d) and left out (%s); the %d most severe are reported (raise max_findings_per_file in .shipshape.yaml to see all)",
				perFile[file]-limit, limit, strings.Join(parts, ", "), limit)})
	}
	return kept, diags
}

// directiveComments keeps the comments that are suppression directives,
// their text copied: the others are not needed after the job, and a
// comment's text may share the memory of its whole file, which would
// otherwise stay until the end of the scan.
func directiveComments(cs []adapt.Comment) []adapt.Comment {
	var out []adapt.Comment
	for _, c := range cs {
		if _, ok := suppress.Parse(c.Pos, c.Text); ok {
			c.Text = strings.Clone(c.Text)
			c.Pos.File = strings.Clone(c.Pos.File)
			out = append(out, c)
		}
	}
	return out
}
