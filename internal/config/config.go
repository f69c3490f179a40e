// Package config reads .shipshape.yaml: disabled rules, severity overrides,
// trusted registries, ignored paths, per-rule ignores and rule parameters.
// The file is found upward from the scan target, or named with --config.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/safefs"
)

// FileNames are the names looked for, in order.
var FileNames = []string{".shipshape.yaml", ".shipshape.yml"}

// DefaultTrustedRegistries are where images may come from unless the config
// says otherwise: Docker Official Images, ECR Public, any private ECR
// registry, distroless, Chainguard and Microsoft's registry.
var DefaultTrustedRegistries = []string{
	"docker.io/library",
	"public.ecr.aws",
	"*.dkr.ecr.*.amazonaws.com",
	"*.dkr.ecr.*.amazonaws.com.cn",
	"gcr.io/distroless",
	"cgr.dev/chainguard",
	"mcr.microsoft.com",
}

// Config is the content of .shipshape.yaml.
type Config struct {
	// Path is the file the config was read from ("" for defaults).
	Path string `yaml:"-"`
	// FailOn is the lowest severity that fails the scan, or "none".
	FailOn string `yaml:"fail_on"`
	// Disable lists rule IDs not to run.
	Disable []string `yaml:"disable"`
	// Severity overrides rule severities: rule ID -> severity.
	Severity map[string]string `yaml:"severity"`
	// TrustedRegistries replaces the default trusted registries.
	TrustedRegistries []string `yaml:"trusted_registries"`
	// Strict requires image digests.
	Strict bool `yaml:"strict"`
	// IgnorePaths are gitignore-style patterns of paths not scanned.
	IgnorePaths []string `yaml:"ignore_paths"`
	// Ignore suppresses rules on paths or resources, with a reason.
	Ignore []Ignore `yaml:"ignore"`
	// Rules holds rule parameters: rule ID -> name -> value.
	Rules map[string]map[string]string `yaml:"rules"`
	// Secrets tunes secret detection.
	Secrets Secrets `yaml:"secrets"`
	// Params are CloudFormation parameter values.
	Params map[string]string `yaml:"parameters"`
	// MaxFileSizeMB is the size above which files are not read (default
	// 10; nil when not set).
	MaxFileSizeMB *int `yaml:"max_file_size_mb"`
	// MaxFindingsPerFile caps the findings reported for one file (default
	// DefaultMaxFindingsPerFile; nil when not set).
	MaxFindingsPerFile *int `yaml:"max_findings_per_file"`
	// ExecAllowlist names the principals allowed to use ECS Exec (ARNs, with
	// "*" wildcards, or user and role names) for shipshape aws exec-audit.
	ExecAllowlist []string `yaml:"exec_allowlist"`
	// Fix holds the choices `shipshape fix` needs for some fixes.
	Fix Fix `yaml:"fix"`
}

// DefaultMaxFindingsPerFile is the default of max_findings_per_file.
const DefaultMaxFindingsPerFile = 10000

// Ranges of the config's numbers.
const (
	MaxFileSizeMBLimit      = 1024
	MaxFindingsPerFileLimit = 1000000
)

// MaxFileSize is max_file_size_mb in bytes, or 0 when not set.
func (c *Config) MaxFileSize() int64 {
	if c == nil || c.MaxFileSizeMB == nil {
		return 0
	}
	return int64(*c.MaxFileSizeMB) << 20
}

// FindingsPerFile is max_findings_per_file, or its default.
func (c *Config) FindingsPerFile() int {
	if c == nil || c.MaxFindingsPerFile == nil {
		return DefaultMaxFindingsPerFile
	}
	return *c.MaxFindingsPerFile
}

// Fix holds the values some fixes need; flags of `shipshape fix` override them.
type Fix struct {
	// KMSKey is the customer managed KMS key (ARN, ID or alias) to encrypt with.
	KMSKey string `yaml:"kms_key"`
	// KMSKeyParameter names a CloudFormation parameter to take the key from.
	KMSKeyParameter string `yaml:"kms_key_parameter"`
	// SSMPrefix starts the SSM parameter names secrets move to ("/myapp/").
	SSMPrefix string `yaml:"ssm_prefix"`
	// User is the non-root user (name or UID[:GID]) containers run as.
	User string `yaml:"user"`
	// ExecLogGroup is the CloudWatch log group ECS Exec logs go to.
	ExecLogGroup string `yaml:"exec_log_group"`
	// ExecLogBucket is the S3 bucket ECS Exec logs go to.
	ExecLogBucket string `yaml:"exec_log_bucket"`
	// K8sSecret names the Kubernetes Secret env secrets move to.
	K8sSecret string `yaml:"k8s_secret"`
	// ComposeEnvFile is the env file Compose environment secrets move to.
	ComposeEnvFile string `yaml:"compose_env_file"`
}

// FailOnNone is the fail_on (and --fail-on) value with which no finding
// fails the scan; unreadable inputs still do.
const FailOnNone = "none"

// Ignore suppresses one rule on matching paths and resources.
type Ignore struct {
	Rule      string   `yaml:"rule"`
	Paths     []string `yaml:"paths"`
	Resources []string `yaml:"resources"`
	// Images are built images the suppression covers: references as given
	// (registry/repo:tag, a tarball's path; * matches within a path
	// element) or digests (sha256:…, or a prefix of 12 hex digits or more).
	Images []string `yaml:"images"`
	Reason string   `yaml:"reason"`
}

// Secrets tunes the secret detector.
type Secrets struct {
	// Placeholders are extra values that never count as secrets.
	Placeholders []string `yaml:"placeholders"`
	// IgnoreNames are variable names never reported.
	IgnoreNames []string `yaml:"ignore_names"`
	// NamePatterns are extra regular expressions of names that hold secrets.
	NamePatterns []string `yaml:"name_patterns"`
}

// Find looks for a config file in dir and its parents.
func Find(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	for {
		for _, n := range FileNames {
			p := filepath.Join(abs, n)
			if _, err := os.Stat(p); err == nil {
				return p, true
			}
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", false
		}
		abs = parent
	}
}

// MaxConfigSize bounds the size of a config file.
const MaxConfigSize = 1 << 20

// Load reads and checks a config file. knownRule reports whether a rule ID
// exists, so that typos are caught.
func Load(path string, knownRule func(string) bool) (*Config, error) {
	data, err := safefs.ReadFile(path, MaxConfigSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, knownRule)
}

// Parse checks the content of a config file read from path.
func Parse(path string, data []byte, knownRule func(string) bool) (*Config, error) {
	c := &Config{Path: path}
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.Load(data, c, yaml.WithKnownFields()); err != nil {
			return nil, fmt.Errorf("%s: %s", path, loadError(err))
		}
	}
	var errs []error
	if c.FailOn != "" && !strings.EqualFold(c.FailOn, FailOnNone) {
		if _, err := finding.ParseSeverity(c.FailOn); err != nil {
			errs = append(errs, fmt.Errorf("fail_on: unknown value %q (want info, low, medium, high, critical or none)", c.FailOn))
		}
	}
	inRange := func(key string, v *int, lo, hi int) {
		if v != nil && (*v < lo || *v > hi) {
			errs = append(errs, fmt.Errorf("%s: %d is out of range (want a whole number from %d to %d)", key, *v, lo, hi))
		}
	}
	inRange("max_file_size_mb", c.MaxFileSizeMB, 1, MaxFileSizeMBLimit)
	inRange("max_findings_per_file", c.MaxFindingsPerFile, 1, MaxFindingsPerFileLimit)
	check := func(where, id string) {
		if knownRule != nil && !knownRule(id) {
			errs = append(errs, fmt.Errorf("%s: unknown rule %q (see shipshape rules)", where, id))
		}
	}
	for _, id := range c.Disable {
		check("disable", id)
	}
	for id, s := range c.Severity {
		check("severity", id)
		if _, err := finding.ParseSeverity(s); err != nil {
			errs = append(errs, fmt.Errorf("severity of %s: %v", id, err))
		}
	}
	for i, ig := range c.Ignore {
		check(fmt.Sprintf("ignore[%d]", i), ig.Rule)
		if strings.TrimSpace(ig.Reason) == "" {
			errs = append(errs, fmt.Errorf("ignore[%d] (%s): a reason is required", i, ig.Rule))
		}
	}
	for id := range c.Rules {
		check("rules", id)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %w", path, errors.Join(errs...))
	}
	return c, nil
}

// unknownFieldRe matches the library's message for a key the config does not have.
var unknownFieldRe = regexp.MustCompile(`^field (\S+) not found in type \S+$`)

// loadError describes a YAML error as "line N: what", one per problem,
// without the library's internal wording.
func loadError(err error) string {
	var list []*yaml.LoadError
	var one *yaml.LoadError
	var many *yaml.LoadErrors
	switch {
	case errors.As(err, &many):
		list = many.Errors
	case errors.As(err, &one):
		list = []*yaml.LoadError{one}
	}
	var parts []string
	for _, e := range list {
		msg := e.Message
		if m := unknownFieldRe.FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("unknown key %q", m[1])
		}
		if e.Mark.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", e.Mark.Line, msg)
		}
		parts = append(parts, msg)
	}
	if len(parts) == 0 {
		return strings.TrimPrefix(err.Error(), "yaml: ")
	}
	return strings.Join(parts, "; ")
}

// Registries returns the trusted registries in effect.
func (c *Config) Registries() []string {
	if c != nil && len(c.TrustedRegistries) > 0 {
		return c.TrustedRegistries
	}
	return DefaultTrustedRegistries
}
