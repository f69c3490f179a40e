package inputs

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	_ "github.com/shipshape/shipshape/internal/rules/ecr"
	"github.com/shipshape/shipshape/internal/safefs"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestTerraformFileNamedAlone checks that a .tf file named on its own is
// evaluated with the rest of its module, and that only the findings of that
// file, and of the local modules it calls, are reported.
func TestTerraformFileNamedAlone(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("variables.tf", `variable "mutability" { default = "MUTABLE" }`)
	write("main.tf", `
resource "aws_ecr_repository" "a" {
  image_tag_mutability = var.mutability
}
module "m" {
  source = "./m"
}
`)
	write("other.tf", `
resource "aws_ecr_repository" "b" {
  image_tag_mutability = "MUTABLE"
}
module "n" {
  source = "./m"
}
`)
	write("m/main.tf", `
resource "aws_ecr_repository" "c" {
  image_tag_mutability = "MUTABLE"
}
`)
	mutable := func(paths ...string) string {
		res, err := scan.Run(scan.Options{Paths: paths, Config: &config.Config{}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			t.Errorf("diagnostic: %s", d.Message)
		}
		var got []string
		for _, f := range res.Findings {
			if f.RuleID == "ecr/tag-immutability" {
				got = append(got, f.Resource+"@"+filepath.Base(f.Pos.File))
			}
		}
		sort.Strings(got)
		return strings.Join(got, " ")
	}
	if got, want := mutable(filepath.Join(root, "main.tf")), "aws_ecr_repository.a@main.tf module.m.aws_ecr_repository.c@main.tf"; got != want {
		t.Errorf("main.tf alone: %s\nwant %s", got, want)
	}
	if got, want := mutable(root), "aws_ecr_repository.a@main.tf aws_ecr_repository.b@other.tf module.m.aws_ecr_repository.c@main.tf module.n.aws_ecr_repository.c@main.tf"; got != want {
		t.Errorf("directory: %s\nwant %s", got, want)
	}
	if got, want := mutable(filepath.Join(root, "main.tf"), filepath.Join(root, "other.tf"), filepath.Join(root, "variables.tf")), "aws_ecr_repository.a@main.tf aws_ecr_repository.b@other.tf module.m.aws_ecr_repository.c@main.tf module.n.aws_ecr_repository.c@main.tf"; got != want {
		t.Errorf("every file named: %s\nwant %s", got, want)
	}
}

// TestTerraformConditionLabels checks that a finding of one branch of a
// conditional on a variable without a value names the condition it needs.
func TestTerraformConditionLabels(t *testing.T) {
	res, err := scan.Run(scan.Options{Paths: []string{"../rules/ecr/testdata/tf-conditions", "../rules/ecr/testdata/tf-conditions-dynamic"}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Resource+" "+f.RuleID+" "+f.Condition)
	}
	sort.Strings(got)
	want := []string{
		`aws_ecr_repository.either_way ecr/scan-on-push when condition var.scan_images=false`,
		`aws_ecr_repository.maybe_encrypted ecr/kms-cmk when condition var.encrypt=false`,
		`aws_ecr_repository.prod_only ecr/tag-immutability when condition (var.env == "prod")=false`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTerraformDirsListedOnce checks that the directories a scan's Terraform
// modules read are listed once per scan: a file added after the first
// listing is not seen by that scan, and is by the next one.
func TestTerraformDirsListedOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.tf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	names := func(f terraformFS) []string {
		entries, err := f.ReadDir(dir + "/.")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	o := &scan.Options{Memo: &sync.Map{}, Boundary: safefs.NewBoundary([]string{dir})}
	if got := names(newTerraformFS(o)); strings.Join(got, " ") != "a.tf" {
		t.Fatalf("first listing: %v", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.tf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := names(newTerraformFS(o)); strings.Join(got, " ") != "a.tf" {
		t.Errorf("same scan, listed again: %v, want the first listing", got)
	}
	if _, err := newTerraformFS(o).ReadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory was listed")
	}
	if got := names(newTerraformFS(&scan.Options{Memo: &sync.Map{}, Boundary: safefs.NewBoundary([]string{dir})})); strings.Join(got, " ") != "a.tf b.tf" {
		t.Errorf("next scan: %v, want a.tf b.tf", got)
	}
}
