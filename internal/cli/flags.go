package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/report"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
	"github.com/shipshape/shipshape/internal/secrets"
	"github.com/shipshape/shipshape/internal/suppress"
)

// reportFlags are the report, output, config, baseline and fail-on flags
// that every command writing a findings report takes (scan, image, aws ...).
type reportFlags struct {
	format         string
	output         string
	failOn         string
	configPath     string
	baseline       string
	writeBaseline  string
	showSuppressed bool
	noColor        bool
	verbose        bool
}

// register adds the flags; configFrom says where .shipshape.yaml is looked
// for when --config is not given.
func (r *reportFlags) register(cmd *cobra.Command, configFrom string) {
	fl := cmd.Flags()
	fl.StringVarP(&r.format, "format", "f", "text", "output `FORMAT`: "+strings.Join(report.Formats, ", "))
	fl.StringVarP(&r.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fl.StringVar(&r.failOn, "fail-on", "", "lowest `SEVERITY` that makes the exit code 1: info, low, medium, high, critical, or none (default low)")
	configFlag(cmd, &r.configPath, configFrom)
	fl.StringVar(&r.baseline, "baseline", "", "baseline `FILE`: findings recorded there do not count")
	fl.StringVar(&r.writeBaseline, "write-baseline", "", "record the current findings in baseline `FILE`")
	fl.BoolVar(&r.showSuppressed, "show-suppressed", false, "list suppressed findings in text and Markdown output")
	fl.BoolVar(&r.noColor, "no-color", false, "no colour in text output (also: NO_COLOR environment variable)")
	fl.BoolVarP(&r.verbose, "verbose", "v", false, "explain why each finding matters and list every warning and notice in full (text output; Markdown always does)")
}

// checkFormat refuses an unknown --format.
func (r *reportFlags) checkFormat() error {
	if !slices.Contains(report.Formats, r.format) {
		return usageError("unknown --format %q (want one of %s)", r.format, strings.Join(report.Formats, ", "))
	}
	return nil
}

// liveSetup prepares the report of an aws command: the config (found
// upward from the working directory), the baseline and the secret
// detector; it checks first that the report and baseline can be written.
func (r *reportFlags) liveSetup() (*config.Config, *suppress.Baseline, *secrets.Detector, error) {
	cfg, err := loadConfig(r.configPath, nil, safefs.NewBoundary([]string{"."}))
	if err != nil {
		return nil, nil, nil, &exitError{code: ExitError, err: err}
	}
	var baseline *suppress.Baseline
	if r.baseline != "" {
		if baseline, err = suppress.ReadBaseline(r.baseline, scan.DefaultMaxFileSize); err != nil {
			return nil, nil, nil, usageError("--baseline: %v", err)
		}
	}
	for _, out := range [][2]string{{"--output", r.output}, {"--write-baseline", r.writeBaseline}} {
		if err := writableDir(out[1]); err != nil {
			return nil, nil, nil, usageError("%s: %v", out[0], err)
		}
	}
	detector, err := newDetector(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return cfg, baseline, detector, nil
}

// saveBaseline writes --write-baseline, when given.
func (r *reportFlags) saveBaseline(res *scan.Result) error {
	if r.writeBaseline == "" {
		return nil
	}
	if err := suppress.NewBaseline(res.Findings).Write(r.writeBaseline); err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("--write-baseline: %v", err)}
	}
	return nil
}

// textFlags are the text-report flags of scan and image.
type textFlags struct {
	quiet   bool
	groupBy string
}

func (t *textFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVarP(&t.quiet, "quiet", "q", false, "text output: findings and errors only, no warnings or notices (JSON and SARIF keep them all)")
	fl.StringVar(&t.groupBy, "group-by", "phase", "group findings in text and Markdown by `WAY`: "+strings.Join(report.GroupBys, ", "))
}

// configFlag adds --config; configFrom says where .shipshape.yaml is
// looked for without it.
func configFlag(cmd *cobra.Command, path *string, configFrom string) {
	cmd.Flags().StringVarP(path, "config", "c", "", "config `FILE` (default: .shipshape.yaml found upward from "+configFrom+")")
}

// inputFlags say how scan and fix read their inputs: template parameters,
// the input kind, Dockerfile build arguments and Terraform variables.
type inputFlags struct {
	params      []string
	paramsFiles []string
	inputType   string
	buildArgs   []string
	vars        []string
	varFiles    []string
}

func (in *inputFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&in.params, "param", nil, "CloudFormation parameter value `KEY=VALUE` (repeatable)")
	fl.StringArrayVar(&in.paramsFiles, "params-file", nil, "CloudFormation parameters `FILE`: the AWS CLI's [{\"ParameterKey\":..,\"ParameterValue\":..}] or {\"Key\": \"Value\"} (repeatable)")
	fl.StringVar(&in.inputType, "type", "", "read the named files as this input `KIND` whatever their names: "+strings.Join(scan.FileKindNames(), ", ")+
		" (yaml: a CloudFormation template, task definition or Kubernetes manifest in YAML or JSON, told apart by content)")
	fl.StringArrayVar(&in.buildArgs, "build-arg", nil, "Dockerfile build argument `KEY=VALUE` (repeatable)")
	fl.StringArrayVar(&in.vars, "var", nil, "Terraform variable `KEY=VALUE` (repeatable)")
	fl.StringArrayVar(&in.varFiles, "var-file", nil, "Terraform variables `FILE` (repeatable)")
}

// checkType refuses an unknown --type.
func (in *inputFlags) checkType() error {
	if in.inputType != "" && !slices.Contains(scan.FileKindNames(), in.inputType) {
		return usageError("unknown --type %q (want one of %s)", in.inputType, strings.Join(scan.FileKindNames(), ", "))
	}
	return nil
}

// inputValues are the parsed inputFlags.
type inputValues struct {
	params, buildArgs, vars map[string]string
}

// resolve parses the flags, merging the config's parameters; limit bounds
// the parameter files read.
func (in *inputFlags) resolve(cfg *config.Config, limit int64) (inputValues, error) {
	var v inputValues
	var err error
	if v.params, err = cfnParams(cfg.Params, in.paramsFiles, in.params, limit); err != nil {
		return v, usageError("%v", err)
	}
	if v.buildArgs, err = keyValues("--build-arg", in.buildArgs); err != nil {
		return v, usageError("%v", err)
	}
	if v.vars, err = keyValues("--var", in.vars); err != nil {
		return v, usageError("%v", err)
	}
	return v, nil
}

// fileLimit is the config's largest file size, or the default.
func fileLimit(cfg *config.Config) int64 {
	if limit := cfg.MaxFileSize(); limit != 0 {
		return limit
	}
	return scan.DefaultMaxFileSize
}

// newDetector builds the secret detector the config asks for.
func newDetector(cfg *config.Config) (*secrets.Detector, error) {
	d, err := secrets.New(cfg.Secrets.Placeholders, cfg.Secrets.IgnoreNames, cfg.Secrets.NamePatterns)
	if err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("%s: secrets.name_patterns: %v", cfg.Path, err)}
	}
	return d, nil
}

// failThreshold reads fail_on of the config and --fail-on.
func failThreshold(cfg *config.Config, flag string) (finding.Severity, bool, error) {
	failOn, never := finding.Low, false
	for _, v := range []string{cfg.FailOn, flag} {
		switch {
		case v == "":
			continue
		case strings.EqualFold(v, config.FailOnNone):
			never = true
			continue
		}
		never = false
		var err error
		if failOn, err = finding.ParseSeverity(v); err != nil {
			return 0, false, usageError("--fail-on: unknown value %q (want info, low, medium, high, critical or none)", v)
		}
	}
	return failOn, never, nil
}
