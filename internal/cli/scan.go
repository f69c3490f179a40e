package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/report"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/suppress"
	"github.com/shipshape/shipshape/internal/termsafe"
)

type scanFlags struct {
	reportFlags
	textFlags
	inputFlags
	noInlineIgnores bool
	noIgnore        bool
	targets         []string
	strict          bool
	followSymlinks  bool
	// images are --image references; imageCmd is set for shipshape image,
	// whose arguments are images.
	images       []string
	imageCmd     bool
	platform     string
	allPlatforms bool
	insecure     bool
}

func newScan(s Streams) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Check CloudFormation, task definitions, Dockerfiles, Terraform, Kubernetes manifests and Compose files",
		Long: `Scan files and directories (recursively; "-" reads stdin) and report findings
grouped by lifecycle phase. Inputs are recognised by content and name:
CloudFormation templates (YAML/JSON, SAM, CDK output), ECS task-definition JSON,
Dockerfiles, Terraform modules, Kubernetes manifests and Docker Compose files
(compose.yaml, docker-compose*.yml, with their overrides and .env). Directory
walks honour .gitignore (--no-ignore reads the ignored files too; a path named
on the command line is read even if a .gitignore excludes it) and skip .git,
node_modules, vendor, .terraform and similar tool directories.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage error, or an input that could not be read or parsed (the other inputs
are still scanned and reported).`,
		Example: `  # scan the current directory
  shipshape scan .

  # only fail the build on high and critical findings
  shipshape scan infra/ --fail-on high

  # report without failing on findings (exit 2 still means an unreadable input)
  shipshape scan . --fail-on none

  # SARIF for GitHub code scanning
  shipshape scan . --format sarif --output shipshape.sarif

  # give a template's parameters values
  shipshape scan stack.yaml --param Environment=prod --params-file params.json

  # accept today's findings, fail only on new ones
  shipshape scan . --write-baseline .shipshape-baseline.json
  shipshape scan . --baseline .shipshape-baseline.json

  # judge one Dockerfile on its "builder" stage
  shipshape scan . --target app/Dockerfile=builder

  # read a task definition from stdin
  aws ecs describe-task-definition --task-definition web | shipshape scan -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, s, &f, args)
		},
	}
	f.reportFlags.register(cmd, "the first path")
	f.inputFlags.register(cmd)
	f.textFlags.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&f.noInlineIgnores, "no-inline-ignores", false, "ignore suppressions written in the scanned files (comments, resource metadata, annotations, .hadolint.yaml)")
	fl.BoolVar(&f.noIgnore, "no-ignore", false, "read the files .gitignore files exclude in directory walks too (paths named on the command line are always read)")
	fl.StringArrayVar(&f.targets, "target", nil, "Dockerfile `STAGE` that is built, or PATH=STAGE for one Dockerfile (repeatable; default: the target of the Compose services that build it, else the last stage)")
	fl.BoolVar(&f.strict, "strict", false, "require images and base images to be pinned by digest (also: strict: true in the config)")
	fl.BoolVar(&f.followSymlinks, "follow-symlinks", false, "scan files whose symlinks lead outside the repository being scanned (default: skipped with a notice)")
	fl.StringArrayVar(&f.images, "image", nil, "also check the built image `REF`: a docker save tarball, an OCI layout directory or a registry reference (repeatable; see shipshape image --help)")
	imageFlags(cmd, &f)
	return cmd
}

// imageFlags adds the flags that say how images are read.
func imageFlags(cmd *cobra.Command, f *scanFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.platform, "platform", "", "`OS/ARCH[/VARIANT]` of the image to check in a multi-platform image (default linux/amd64)")
	fl.BoolVar(&f.allPlatforms, "all-platforms", false, "check every platform of a multi-platform image")
	fl.BoolVar(&f.insecure, "insecure", false, "read loopback registries (localhost, 127.0.0.1, [::1]) over plain HTTP; refused for any other registry")
}

func runScan(cmd *cobra.Command, s Streams, f *scanFlags, args []string) error {
	images := f.images
	configFrom := args
	if f.imageCmd {
		images, args, configFrom = args, nil, nil
	} else if len(args) == 0 {
		args = []string{"."}
		configFrom = args
	}
	if f.platform != "" && f.allPlatforms {
		return usageError("--platform and --all-platforms exclude each other")
	}
	if err := f.checkFormat(); err != nil {
		return err
	}
	if !slices.Contains(report.GroupBys, f.groupBy) {
		return usageError("unknown --group-by %q (want one of %s)", f.groupBy, strings.Join(report.GroupBys, ", "))
	}
	if f.quiet && f.verbose {
		return usageError("--quiet and --verbose ask for opposite things; give one of them")
	}
	if err := f.checkType(); err != nil {
		return err
	}
	boundary := safefs.NewBoundary(args)
	if err := checkOutputs(f, append(append([]string{}, args...), images...)); err != nil {
		return err
	}
	cfg, err := loadConfig(f.configPath, configFrom, boundary)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	failOn, failNever, err := failThreshold(cfg, f.failOn)
	if err != nil {
		return err
	}
	limit := fileLimit(cfg)
	in, err := f.resolve(cfg, limit)
	if err != nil {
		return err
	}
	target, targets, err := dockerfileTargets(f.targets)
	if err != nil {
		return usageError("%v", err)
	}
	detector, err := newDetector(cfg)
	if err != nil {
		return err
	}
	opts := scan.Options{
		Paths: args, Stdin: s.In, Config: cfg, CFNParams: in.params, NoInlineIgnores: f.noInlineIgnores, NoIgnore: f.noIgnore,
		ForceType: f.inputType, BuildArgs: in.buildArgs, Target: target, Targets: targets, TFVars: in.vars, TFVarFiles: f.varFiles,
		Images: images, Platform: f.platform, AllPlatforms: f.allPlatforms, Insecure: f.insecure,
		Boundary: boundary, FollowSymlinks: f.followSymlinks, MaxFileSize: limit,
		Settings: &rule.Settings{
			TrustedRegistries: cfg.Registries(), Strict: f.strict || cfg.Strict, Params: cfg.Rules,
			Now: time.Now(), Secrets: detector,
		},
	}
	if f.baseline != "" {
		b, err := suppress.ReadBaseline(f.baseline, limit)
		if err != nil {
			return usageError("--baseline: %v", err)
		}
		opts.Baseline = b
	}
	for _, out := range [][2]string{{"--output", f.output}, {"--write-baseline", f.writeBaseline}} {
		if err := writableDir(out[1]); err != nil {
			return usageError("%s: %v", out[0], err) // before scanning, not after
		}
	}
	res, err := scan.Run(opts)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	for _, out := range [][2]string{{"--output", f.output}, {"--write-baseline", f.writeBaseline}} {
		if in := res.Input(out[1]); in != "" {
			return usageError("%s %s: it is one of the scanned inputs (%s); refusing to overwrite it", out[0], out[1], in)
		}
	}
	if f.writeBaseline != "" {
		if err := suppress.NewBaseline(res.Findings).Write(f.writeBaseline); err != nil {
			return &exitError{code: ExitError, err: fmt.Errorf("--write-baseline: %v", err)}
		}
	}

	toFile := f.output != "" && f.output != "-"
	color := f.format == "text" && !toFile && s.OutIsTerminal && !f.noColor && os.Getenv("NO_COLOR") == ""
	ro := report.Options{Version: Version, Color: color, ShowSuppressed: f.showSuppressed, Verbose: f.verbose, Quiet: f.quiet, GroupBy: f.groupBy}
	if !toFile {
		ro.Width, ro.Height = s.Width, s.Height
	}
	var werr error
	if toFile {
		werr = safefs.WriteFile(f.output, func(w io.Writer) error { return report.Write(w, f.format, res, ro) })
		if werr != nil {
			werr = fmt.Errorf("--output: %v", werr)
		}
	} else {
		werr = report.Write(s.Out, f.format, res, ro)
	}
	if werr != nil {
		return &exitError{code: ExitError, err: werr}
	}
	if toFile {
		// Keep people informed when the report went to a file.
		for _, d := range res.Diagnostics {
			if d.Level == finding.LevelError {
				fmt.Fprintln(s.Err, termsafe.String(d.String()))
			}
		}
	}
	switch {
	case res.HasErrors():
		return &exitError{code: ExitError}
	case !failNever && countAtLeast(res.Findings, failOn) > 0:
		return &exitError{code: ExitFindings}
	}
	return nil
}

func countAtLeast(fs []finding.Finding, min finding.Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity >= min {
			n++
		}
	}
	return n
}

// checkOutputs refuses a report or baseline path that is one of the files
// named on the command line, or the same for both.
func checkOutputs(f *scanFlags, args []string) error {
	outs := [][2]string{{"--output", f.output}, {"--write-baseline", f.writeBaseline}}
	for _, out := range outs {
		if out[1] == "" || out[1] == "-" {
			continue
		}
		for _, in := range append(append([]string{f.configPath}, f.paramsFiles...), append(args, f.varFiles...)...) {
			if in != "" && in != "-" && (in == out[1] || safefs.SameFile(in, out[1])) {
				return usageError("%s %s: it is one of the inputs (%s); refusing to overwrite it", out[0], out[1], in)
			}
		}
	}
	if f.output != "" && f.output != "-" && (f.output == f.writeBaseline || safefs.SameFile(f.output, f.writeBaseline)) {
		return usageError("--output and --write-baseline name the same file %s", f.output)
	}
	return nil
}

// loadConfig reads --config, or the .shipshape.yaml found upward from the
// first path, or returns the defaults. A config found upward is read
// within the repository boundary (a symlink may not lead out of it).
func loadConfig(explicit string, paths []string, boundary *safefs.Boundary) (*config.Config, error) {
	path := explicit
	if path == "" {
		start := "."
		if len(paths) > 0 && paths[0] != "-" {
			start = paths[0]
		}
		found, ok := config.Find(start)
		if !ok {
			return &config.Config{}, nil
		}
		path = found
	}
	var data []byte
	var err error
	if explicit != "" {
		data, err = safefs.ReadFile(path, config.MaxConfigSize)
	} else {
		data, err = boundary.ReadNearby(path, config.MaxConfigSize)
	}
	if err != nil && explicit != "" {
		return nil, fmt.Errorf("--config: %v", err)
	}
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse(path, data, func(id string) bool { return rule.Lookup(id) != nil || id == scan.UnjustifiedIgnoreID })
	if err != nil {
		return nil, err
	}
	if err := checkRuleParams(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkRuleParams rejects rules: entries naming a parameter the rule does
// not take, so that a typo is not silently ignored.
func checkRuleParams(cfg *config.Config) error {
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(cfg.Rules)) {
		r := rule.Lookup(id)
		if r == nil {
			continue // config.Load reports unknown rules
		}
		names := make([]string, 0, len(cfg.Rules[id]))
		for n := range cfg.Rules[id] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if _, ok := r.Params[n]; ok {
				continue
			}
			takes := "it takes no parameters"
			if len(r.Params) > 0 {
				var known []string
				for k := range r.Params {
					known = append(known, k)
				}
				sort.Strings(known)
				takes = "it takes " + strings.Join(known, ", ")
			}
			errs = append(errs, fmt.Errorf("rules: %s has no parameter %q (%s)", id, n, takes))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %w", cfg.Path, errors.Join(errs...))
	}
	return nil
}

func keyValues(flag string, list []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s %q: want KEY=VALUE", flag, kv)
		}
		out[k] = v
	}
	return out, nil
}

// cfnParams merges parameter values: config, then files in order, then --param.
func cfnParams(fromConfig map[string]string, files, flags []string, limit int64) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range fromConfig {
		out[k] = v
	}
	for _, file := range files {
		data, err := safefs.ReadFile(file, limit)
		if err != nil {
			return nil, fmt.Errorf("--params-file: %v", err)
		}
		m, err := parseParamsFile(data)
		if err != nil {
			return nil, fmt.Errorf("--params-file %s: %v", filepath.Base(file), err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	kv, err := keyValues("--param", flags)
	if err != nil {
		return nil, err
	}
	for k, v := range kv {
		out[k] = v
	}
	return out, nil
}

// parseParamsFile reads the AWS CLI's parameter list, CodePipeline's
// {"Parameters": {...}} or a plain {"Key": "Value"} object.
func parseParamsFile(data []byte) (map[string]string, error) {
	data = bytes.TrimSpace(data)
	out := map[string]string{}
	if bytes.HasPrefix(data, []byte("[")) {
		var list []struct {
			ParameterKey     string
			ParameterValue   *string
			UsePreviousValue bool
		}
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("not a list of ParameterKey/ParameterValue: %v", err)
		}
		for _, p := range list {
			if p.ParameterKey != "" && p.ParameterValue != nil {
				out[p.ParameterKey] = *p.ParameterValue
			}
		}
		return out, nil
	}
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("want a JSON list or object: %v", err)
	}
	if inner, ok := obj["Parameters"].(map[string]any); ok && len(obj) <= 3 {
		obj = inner
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := obj[k].(type) {
		case string:
			out[k] = v
		case float64, bool:
			out[k] = fmt.Sprint(v)
		case []any:
			var parts []string
			for _, it := range v {
				parts = append(parts, fmt.Sprint(it))
			}
			out[k] = strings.Join(parts, ",")
		}
	}
	return out, nil
}

// writableDir checks that the directory a report or baseline will be
// written to exists, so a mistyped path fails at once rather than after the
// scan.
func writableDir(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot write %s: directory %s does not exist", path, dir)
	}
	if !info.IsDir() {
		return fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	}
	return nil
}

// dockerfileTargets splits --target values into the stage for every
// Dockerfile and the stages named for one Dockerfile (PATH=STAGE), keyed by
// the Dockerfile's absolute path.
func dockerfileTargets(values []string) (string, map[string]string, error) {
	var all string
	var per map[string]string
	for _, v := range values {
		path, stage, ok := strings.Cut(v, "=")
		if !ok {
			if all != "" && all != v {
				return "", nil, fmt.Errorf("--target: two stages for every Dockerfile (%q and %q); name one, or give PATH=STAGE for each Dockerfile", all, v)
			}
			all = v
			continue
		}
		if path == "" || stage == "" {
			return "", nil, fmt.Errorf("--target: %q: want STAGE or PATH=STAGE", v)
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", nil, fmt.Errorf("--target: %q: %v", v, err)
		}
		if per == nil {
			per = map[string]string{}
		}
		per[abs] = stage
	}
	return all, per, nil
}
