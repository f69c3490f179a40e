package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, ".shipshape.yaml"), "")
	write(t, filepath.Join(root, "svc", "deep", "template.yaml"), "")
	write(t, filepath.Join(root, "other", ".shipshape.yml"), "")
	write(t, filepath.Join(root, "both", ".shipshape.yaml"), "")
	write(t, filepath.Join(root, "both", ".shipshape.yml"), "")
	tests := []struct {
		from string
		want string
	}{
		{root, filepath.Join(root, ".shipshape.yaml")},
		{filepath.Join(root, "svc", "deep"), filepath.Join(root, ".shipshape.yaml")},
		{filepath.Join(root, "svc", "deep", "template.yaml"), filepath.Join(root, ".shipshape.yaml")},
		{filepath.Join(root, "other"), filepath.Join(root, "other", ".shipshape.yml")},
		{filepath.Join(root, "both"), filepath.Join(root, "both", ".shipshape.yaml")},
	}
	for _, tc := range tests {
		got, ok := Find(tc.from)
		if !ok || got != tc.want {
			t.Errorf("Find(%s) = %q, %t; want %q", tc.from, got, ok, tc.want)
		}
	}
	// From a relative path too.
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(filepath.Join(root, "svc")); err != nil {
		t.Fatal(err)
	}
	if got, ok := Find("deep"); !ok || filepath.Base(got) != ".shipshape.yaml" {
		t.Errorf("Find(relative) = %q, %t", got, ok)
	}
}

func TestFindNone(t *testing.T) {
	// Upward from a fresh temp dir there is normally no config; skip if the
	// machine has one above it.
	dir := t.TempDir()
	if p, ok := Find(filepath.Dir(dir)); ok {
		t.Skipf("a config exists above the temp dir: %s", p)
	}
	if p, ok := Find(dir); ok {
		t.Errorf("found %s", p)
	}
}

func known(ids ...string) func(string) bool {
	return func(id string) bool {
		for _, k := range ids {
			if k == id {
				return true
			}
		}
		return false
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".shipshape.yaml")
	write(t, path, `fail_on: high
disable: [ecr/scan-on-push]
severity:
  ecs/privileged: critical
trusted_registries:
  - ghcr.io/myorg
strict: true
ignore_paths: [legacy/]
ignore:
  - rule: ecs/privileged
    paths: [agents/]
    resources: [Agent]
    reason: the agent needs it
rules:
  ecs/privileged:
    max: "3"
secrets:
  placeholders: [hunter2]
  ignore_names: [MY_TOKEN_NAME]
  name_patterns: ["^X_"]
parameters:
  Env: prod
max_file_size_mb: 20
`)
	c, err := Load(path, known("ecr/scan-on-push", "ecs/privileged"))
	if err != nil {
		t.Fatal(err)
	}
	twenty := 20
	want := &Config{
		Path: path, FailOn: "high", Disable: []string{"ecr/scan-on-push"},
		Severity:          map[string]string{"ecs/privileged": "critical"},
		TrustedRegistries: []string{"ghcr.io/myorg"}, Strict: true, IgnorePaths: []string{"legacy/"},
		Ignore:  []Ignore{{Rule: "ecs/privileged", Paths: []string{"agents/"}, Resources: []string{"Agent"}, Reason: "the agent needs it"}},
		Rules:   map[string]map[string]string{"ecs/privileged": {"max": "3"}},
		Secrets: Secrets{Placeholders: []string{"hunter2"}, IgnoreNames: []string{"MY_TOKEN_NAME"}, NamePatterns: []string{"^X_"}},
		Params:  map[string]string{"Env": "prod"}, MaxFileSizeMB: &twenty,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if got := c.Registries(); !reflect.DeepEqual(got, []string{"ghcr.io/myorg"}) {
		t.Errorf("Registries() = %q", got)
	}
}

func TestLoadEmptyAndDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".shipshape.yml")
	write(t, path, "\n  \n")
	c, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != path || c.FailOn != "" || len(c.Disable) != 0 {
		t.Errorf("empty config %+v", c)
	}
	if got := c.Registries(); !reflect.DeepEqual(got, DefaultTrustedRegistries) {
		t.Errorf("Registries() = %q, want the defaults", got)
	}
	var nilConfig *Config
	if got := nilConfig.Registries(); !reflect.DeepEqual(got, DefaultTrustedRegistries) {
		t.Errorf("nil Registries() = %q, want the defaults", got)
	}
	// Without a rule list, any rule ID is accepted.
	write(t, path, "disable: [anything/at-all]\n")
	if _, err := Load(path, nil); err != nil {
		t.Errorf("nil knownRule: %v", err)
	}
	// fail_on: none (any case) is accepted.
	write(t, path, "fail_on: None\n")
	if c, err := Load(path, nil); err != nil || c.FailOn != "None" {
		t.Errorf("fail_on: None: %+v, %v", c, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string // substrings of the error
	}{
		{"syntax error with line", "fail_on: high\ndisable: [a\nstrict: true\n", []string{"line 3: did not find expected ',' or ']'"}},
		{"tab", "fail_on: high\n\tstrict: true\n", []string{"line 2"}},
		{"unknown key with line", "fail_on: high\nfail_onn: low\n", []string{`line 2: unknown key "fail_onn"`}},
		{"unknown nested key", "ignore:\n  - rule: ecs/privileged\n    reasons: x\n", []string{`line 3: unknown key "reasons"`}},
		{"duplicate key", "strict: true\nstrict: false\n", []string{"line 2", "strict"}},
		{"wrong type", "strict: [yes]\n", []string{"line 1"}},
		{"bad fail_on", "fail_on: urgent\n", []string{`fail_on: unknown value "urgent" (want info, low, medium, high, critical or none)`}},
		{"unknown disabled rule", "disable: [ecs/privilegd]\n", []string{`disable: unknown rule "ecs/privilegd"`}},
		{"unknown severity rule", "severity: {nope/x: high}\n", []string{`severity: unknown rule "nope/x"`}},
		{"bad severity", "severity: {ecs/privileged: huge}\n", []string{"severity of ecs/privileged"}},
		{"ignore without reason", "ignore:\n  - rule: ecs/privileged\n    reason: '  '\n", []string{"ignore[0] (ecs/privileged): a reason is required"}},
		{"ignore of unknown rule", "ignore:\n  - {rule: x/y, reason: r}\n", []string{`ignore[0]: unknown rule "x/y"`}},
		{"rules of unknown rule", "rules:\n  x/y: {a: b}\n", []string{`rules: unknown rule "x/y"`}},
		{"several problems at once", "fail_on: urgent\ndisable: [x/y]\n", []string{"fail_on", `unknown rule "x/y"`}},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".yaml")
			write(t, path, tc.content)
			c, err := Load(path, known("ecs/privileged"))
			if err == nil {
				t.Fatalf("no error; got %+v", c)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+": ") {
				t.Errorf("error %q does not start with the file", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), nil); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
