package autofix_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/autofix"
	"github.com/shipshape/shipshape/internal/fix"
	"github.com/shipshape/shipshape/internal/scan"
)

// tfModule writes files (path → text) under a temporary directory, fixes
// it from there with the given choices, and returns the result with the
// files' text after the fix.
func tfModule(t *testing.T, files map[string]string, only string, choices fix.Choices, vars ...string) (*autofix.Result, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for p, text := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	o := autofix.Options{Scan: scan.Options{Paths: []string{"."}, TFVars: map[string]string{}}, Choices: choices}
	for _, kv := range vars {
		k, v, _ := strings.Cut(kv, "=")
		o.Scan.TFVars[k] = v
	}
	if only != "" {
		o.Only = map[string]bool{only: true}
	}
	res, err := autofix.Run(o)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for p, text := range files {
		out[p] = text
	}
	for _, f := range res.Files {
		out[f.Path] = string(f.After)
	}
	return res, out
}

const repoByVar = `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = var.mutability
}
`

// TestTerraformVariables checks that a value read from a variable is
// changed where the variable gets it, and never in the expression that
// reads it.
func TestTerraformVariables(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		// want maps a file to a text it must hold after the fix.
		want map[string]string
	}{
		{"default in variables.tf", map[string]string{
			"main.tf":      repoByVar,
			"variables.tf": "variable \"mutability\" {\n  default = \"MUTABLE\" # for now\n}\n",
		}, map[string]string{"variables.tf": `default = "IMMUTABLE" # for now`}},
		{"terraform.tfvars wins over the default", map[string]string{
			"main.tf":          repoByVar,
			"variables.tf":     "variable \"mutability\" {\n  default = \"IMMUTABLE\"\n}\n",
			"terraform.tfvars": "mutability = \"MUTABLE\"\n",
		}, map[string]string{"terraform.tfvars": `mutability = "IMMUTABLE"`, "variables.tf": `default = "IMMUTABLE"`}},
		{"module argument", map[string]string{
			"main.tf":                "module \"repo\" {\n  source     = \"./modules/repo\"\n  mutability = \"MUTABLE\"\n}\n",
			"modules/repo/main.tf":   repoByVar,
			"modules/repo/vars.tf":   "variable \"mutability\" {\n  type = string\n}\n",
			"modules/repo/README.md": "the repository module\n",
		}, map[string]string{"main.tf": `mutability = "IMMUTABLE"`}},
		{"module argument from the caller's variable", map[string]string{
			"main.tf":              "variable \"mut\" {\n  default = \"MUTABLE\"\n}\n\nmodule \"repo\" {\n  source     = \"./modules/repo\"\n  mutability = var.mut\n}\n",
			"modules/repo/main.tf": repoByVar,
			"modules/repo/vars.tf": "variable \"mutability\" {\n  type = string\n}\n",
		}, map[string]string{"main.tf": "default = \"IMMUTABLE\"\n}\n\nmodule \"repo\" {\n  source     = \"./modules/repo\"\n  mutability = var.mut\n"}},
		{"module default when the call does not set it", map[string]string{
			"main.tf":              "module \"repo\" {\n  source = \"./modules/repo\"\n}\n",
			"modules/repo/main.tf": repoByVar,
			"modules/repo/vars.tf": "variable \"mutability\" {\n  default = \"MUTABLE\"\n}\n",
		}, map[string]string{"modules/repo/vars.tf": `default = "IMMUTABLE"`, "main.tf": "source = \"./modules/repo\"\n}"}},
		{"local", map[string]string{
			"main.tf":   strings.Replace(repoByVar, "var.mutability", "local.mutability", 1),
			"locals.tf": "locals {\n  mutability = \"MUTABLE\"\n}\n",
		}, map[string]string{"locals.tf": `mutability = "IMMUTABLE"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, out := tfModule(t, c.files, "ecr/tag-immutability", choices)
			for _, s := range res.Skipped {
				t.Errorf("skipped: %s:%d %s", s.Pos.File, s.Pos.Line, s.Reason)
			}
			for _, f := range res.Remaining {
				t.Errorf("still reported: %s:%d %s", f.Pos.File, f.Pos.Line, f.Message)
			}
			for p, want := range c.want {
				if !strings.Contains(out[p], want) {
					t.Errorf("%s does not hold %q:\n%s", p, want, out[p])
				}
			}
			for p, text := range out {
				if strings.Contains(c.files[p], "var.mutability") && !strings.Contains(text, "var.mutability") {
					t.Errorf("%s: the expression reading the variable was changed:\n%s", p, text)
				}
			}
		})
	}
}

// TestTerraformNotFixed checks that values Terraform computes, and
// variables without a default, are left alone with the reason printed.
func TestTerraformNotFixed(t *testing.T) {
	cases := []struct {
		name, rule, why string
		files           map[string]string
		vars            []string
	}{
		{"variable without default", "ecr/tag-immutability", "has no default", map[string]string{
			"main.tf":          repoByVar + "variable \"mutability\" {}\n",
			"terraform.tfvars": "other = 1\n",
		}, []string{"mutability=MUTABLE"}},
		{"computed module argument", "ecr/tag-immutability", "is computed", map[string]string{
			"main.tf":              "module \"repo\" {\n  source     = \"./modules/repo\"\n  mutability = upper(\"mutable\")\n}\n",
			"modules/repo/main.tf": repoByVar,
			"modules/repo/vars.tf": "variable \"mutability\" {\n  type = string\n}\n",
		}, nil},
		{"containers from a file", "ecs-task/privileged", "read from a file", map[string]string{
			"main.tf":         "resource \"aws_ecs_task_definition\" \"t\" {\n  family                = \"t\"\n  container_definitions = file(\"${path.module}/containers.json\")\n}\n",
			"containers.json": `[{"name": "app", "image": "nginx", "privileged": true}]`,
		}, nil},
		{"containers in a quoted string", "ecs-task/privileged", "quoted string", map[string]string{
			"main.tf": "resource \"aws_ecs_task_definition\" \"t\" {\n  family                = \"t\"\n  container_definitions = " + `"[{\"name\": \"app\", \"image\": \"nginx\", \"privileged\": true}]"` + "\n}\n",
		}, nil},
		{"interpolated value in a heredoc", "ecs-task/privileged", "interpolated", map[string]string{
			"main.tf": "variable \"priv\" {\n  default = true\n}\n\nresource \"aws_ecs_task_definition\" \"t\" {\n  family                = \"t\"\n  container_definitions = <<EOT\n[{\"name\": \"app\", \"image\": \"nginx\", \"privileged\": ${var.priv}}]\nEOT\n}\n",
		}, nil},
		{"dynamic setting", "ecs-cluster/container-insights", "dynamic block", map[string]string{
			"main.tf": "resource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n  dynamic \"setting\" {\n    for_each = []\n    content {\n      name  = setting.value.name\n      value = setting.value.value\n    }\n  }\n}\n",
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, _ := tfModule(t, c.files, c.rule, choices, c.vars...)
			if len(res.Files) != 0 {
				t.Errorf("changed %s:\n%s", res.Files[0].Path, res.Files[0].Diff())
			}
			if len(res.Skipped) == 0 {
				t.Fatalf("no skip; remaining %v", res.Remaining)
			}
			for _, s := range res.Skipped {
				if !strings.Contains(s.Reason, c.why) {
					t.Errorf("reason %q does not say %q", s.Reason, c.why)
				}
			}
		})
	}
}

// TestChoicesMissing checks that fixes needing a choice are skipped with
// the flag to give when it is missing, and that exec logging becomes
// DEFAULT, saying why, without a destination.
func TestChoicesMissing(t *testing.T) {
	for _, c := range []struct{ fixture, rule, flag string }{
		{"testdata/ecr_kms-cmk/main.tf", "ecr/kms-cmk", "--kms-key"},
		{"testdata/ecs-task_secrets-in-env/main.tf", "ecs-task/secrets-in-env", "--ssm-prefix"},
		{"testdata/k8s_secrets-in-env/deployment.yaml", "k8s/secrets-in-env", "--k8s-secret"},
		{"testdata/compose_secrets-in-env/compose.yaml", "compose/secrets-in-env", "--compose-env-file"},
	} {
		data, err := os.ReadFile(c.fixture)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := run(t, filepath.Base(c.fixture), data, c.rule, fix.Choices{})
		if len(res.Files) != 0 || len(res.Skipped) == 0 {
			t.Errorf("%s: want skips, got %d files changed", c.fixture, len(res.Files))
		}
		for _, s := range res.Skipped {
			if !strings.Contains(s.Reason, c.flag) {
				t.Errorf("%s: reason %q does not name %s", c.fixture, s.Reason, c.flag)
			}
		}
	}
	for _, fx := range []string{"testdata/ecs-exec_logging/main.tf", "testdata/ecs-exec_logging/template.yaml"} {
		data, err := os.ReadFile(fx)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := run(t, filepath.Base(fx), data, "ecs-exec/logging", fix.Choices{})
		if len(res.Files) != 1 {
			t.Fatalf("%s: want the file fixed, got %+v", fx, res.Skipped)
		}
		f := res.Files[0]
		if !strings.Contains(string(f.After), "DEFAULT") {
			t.Errorf("%s: want Logging DEFAULT:\n%s", fx, f.Diff())
		}
		if len(f.Changes) == 0 || len(f.Changes[0].Notes) == 0 || !strings.Contains(f.Changes[0].Notes[0], "--exec-log-group") {
			t.Errorf("%s: want a note naming --exec-log-group, got %+v", fx, f.Changes)
		}
	}
}
