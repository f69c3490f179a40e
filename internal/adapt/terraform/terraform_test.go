package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

// adaptDir adapts a testdata module directory.
func adaptDir(t *testing.T, dir string, opts Options) *model.State {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !IsModuleFile(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: filepath.ToSlash(filepath.Join(dir, e.Name())), Name: e.Name(), Data: data})
	}
	res := Adapt(dir, files, opts)
	for _, d := range res.Diagnostics {
		if d.Level == "error" {
			t.Errorf("diagnostic: %s", d)
		}
	}
	if len(res.States) != 1 {
		t.Fatalf("%d states, want 1", len(res.States))
	}
	return res.States[0]
}

func one[T model.Resource](t *testing.T, st *model.State) T {
	t.Helper()
	rs := model.Of[T](st)
	if len(rs) != 1 {
		var zero T
		t.Fatalf("%d resources of type %T, want 1", len(rs), zero)
	}
	return rs[0]
}

// TestAccountResources checks that the resource types read by the ECR,
// account and EKS rules reach their decoders, including the resources
// Terraform declares apart (repository and lifecycle policies, detector
// features).
func TestAccountResources(t *testing.T) {
	st := adaptDir(t, "testdata/account", Options{})

	var repo *model.ECRRepository
	for _, r := range model.Of[*model.ECRRepository](st) {
		if !r.Public {
			repo = r
		}
	}
	if repo == nil {
		t.Fatal("no private repository")
	}
	if repo.ID != "aws_ecr_repository.app" || !repo.TagMutability.Is("MUTABLE") || !repo.ScanOnPush.True() || !repo.EncryptionType.Is("KMS") {
		t.Errorf("repository: %+v", repo)
	}
	if ref, ok := repo.KMSKey.Ref(); !ok || ref.Target != "aws_kms_key.ecr" || ref.Attr != "arn" {
		t.Errorf("repository KMS key: %+v", repo.KMSKey)
	}
	rp := one[*model.ECRRepositoryPolicy](t, st)
	if t2, ok := model.Target[*model.ECRRepository](st, rp.Repository, nil); !ok || t2 != repo || rp.Policy == nil ||
		len(rp.Policy.Statements) != 1 || !rp.Policy.Statements[0].Principal.Wildcard {
		t.Errorf("repository policy: %+v", rp)
	}
	lp := one[*model.ECRLifecyclePolicy](t, st)
	if !lp.Repository.Is("app") || !lp.Policy.Present() || lp.Policy.Pos.Line != 24 {
		t.Errorf("lifecycle policy: %+v", lp)
	}
	if pub := model.Of[*model.ECRRepository](st); len(pub) != 2 || !pub[1].Public || !pub[1].Name.Is("pub") {
		t.Errorf("public repository: %+v", pub)
	}
	scan := one[*model.RegistryScanning](t, st)
	if !scan.ScanType.Is("ENHANCED") || len(scan.Rules) != 1 || !scan.Rules[0].Frequency.Is("CONTINUOUS_SCAN") || len(scan.Rules[0].Filters) != 1 {
		t.Errorf("registry scanning: %+v", scan)
	}
	trail := one[*model.Trail](t, st)
	if !trail.IsLogging.True() || !trail.IsMultiRegion.True() || !trail.ManagementEvents.True() {
		t.Errorf("trail: %+v", trail)
	}
	mf := one[*model.MetricFilter](t, st)
	if !strings.Contains(mf.Pattern.V, "ExecuteCommand") {
		t.Errorf("metric filter: %+v", mf)
	}
	gd := one[*model.GuardDutyDetector](t, st)
	if !gd.Enable.True() {
		t.Errorf("guardduty: %+v", gd)
	}
	feat := one[*model.GuardDutyDetectorFeature](t, st)
	if g, ok := model.Target[*model.GuardDutyDetector](st, feat.Detector, nil); !ok || g != gd || !feat.Feature.Name.Is("RUNTIME_MONITORING") ||
		len(feat.Feature.Additional) != 1 || !feat.Feature.Additional[0].Status.Is("ENABLED") {
		t.Errorf("guardduty feature: %+v", feat)
	}
	if def := one[*model.EBSEncryptionByDefault](t, st); !def.Enabled.Known() || def.Enabled.V {
		t.Errorf("EBS encryption by default: %+v", def)
	}
	if ins := one[*model.InspectorEnabler](t, st); !ins.ResourceTypes.Has("ECR") {
		t.Errorf("inspector: %+v", ins)
	}
	if fs := one[*model.EFSFileSystem](t, st); !fs.Encrypted.Known() || fs.Encrypted.V {
		t.Errorf("efs: %+v", fs)
	}
	storage := model.Of[*model.BlockStorage](st)
	if len(storage) != 2 {
		t.Fatalf("%d block storages, want 2", len(storage))
	}
	if d := storage[0].Devices; len(d) != 1 || !d[0].Encrypted.Known() || d[0].Encrypted.V {
		t.Errorf("launch template devices: %+v", d)
	}
	if d := storage[1].Devices; len(d) != 2 || !d[0].Encrypted.True() || d[1].Encrypted.P != model.Absent || !d[1].Name.Is("/dev/sdb") {
		t.Errorf("instance devices: %+v", d)
	}
	if cb := one[*model.CodeBuildProject](t, st); !cb.PrivilegedMode.True() {
		t.Errorf("codebuild: %+v", cb)
	}
	eks := one[*model.EKSCluster](t, st)
	if !eks.EndpointPublic.True() || !eks.PublicAccessCIDRs.Has("0.0.0.0/0") || !eks.SecretsEncryption.True() || !eks.LogTypes.Has("audit") {
		t.Errorf("eks: %+v", eks)
	}
}

// TestVariables checks the order in which variable values apply: default,
// terraform.tfvars, *.auto.tfvars, -var-file, -var.
func TestVariables(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "n" { type = number }
resource "aws_cloudwatch_log_group" "g" {
  name       = join(",", [var.a, var.b, var.c, var.d, var.e, tostring(var.n)])
  kms_key_id = var.missing
}
`)
	write("terraform.tfvars", "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n")
	write("x.auto.tfvars", "c = \"auto\"\nd = \"auto\"\ne = \"auto\"\n")
	write("extra.tfvars", "d = \"file\"\ne = \"file\"\n")
	st := adaptDir(t, dir, Options{VarFiles: []string{filepath.Join(dir, "extra.tfvars")}, Vars: map[string]string{"e": "flag", "n": "3"}})
	g := one[*model.LogGroup](t, st)
	if !g.Name.Is("default,tfvars,auto,file,flag,3") {
		t.Errorf("name = %+v", g.Name)
	}
	if g.KMSKey.P != model.Unknown {
		t.Errorf("an undeclared variable must be unknown: %+v", g.KMSKey)
	}
}

// TestUnknownStaysUnknown checks that values only known at apply time are
// unknown, keep their references, and that partly known strings keep holes.
func TestUnknownStaysUnknown(t *testing.T) {
	dir := t.TempDir()
	src := `
variable "user" {}
resource "aws_ecr_repository" "r" { name = "r" }
resource "aws_ecs_task_definition" "t" {
  family        = var.user
  task_role_arn = aws_iam_role.x.arn
  container_definitions = jsonencode([{
    name  = "app"
    image = "${aws_ecr_repository.r.repository_url}:1.0"
    user  = var.user
  }])
}
resource "aws_iam_role" "x" { name = "x" }
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	st := adaptDir(t, dir, Options{})
	td := one[*model.TaskDefinition](t, st)
	if td.Family.P != model.Unknown {
		t.Errorf("family: %+v", td.Family)
	}
	if ref, ok := td.TaskRole.Ref(); !ok || ref.Target != "aws_iam_role.x" {
		t.Errorf("task role: %+v", td.TaskRole)
	}
	if _, ok := model.Target[*model.IAMRole](st, td.TaskRole, nil); !ok {
		t.Error("task role reference does not resolve")
	}
	c := td.Containers[0]
	if c.Image.P != model.Unknown || c.Image.Partial != "\x00.dkr.ecr.\x00.amazonaws.com/r:1.0" || len(c.Image.Refs) != 1 || c.Image.Refs[0].Target != "aws_ecr_repository.r" {
		t.Errorf("image: %+v", c.Image)
	}
	if c.User.P != model.Unknown || c.Image.Pos.Line != 9 {
		t.Errorf("user: %+v image pos %v", c.User, c.Image.Pos)
	}
}

// TestBadInput checks that syntax errors are diagnostics with a line.
func TestBadInput(t *testing.T) {
	res := Adapt(".", []File{{Path: "bad.tf", Name: "bad.tf", Data: []byte("resource \"aws_ecs_cluster\" \"x\" {\n  name = \n}\n")}}, Options{FS: emptyFS{}})
	if len(res.Diagnostics) == 0 || res.Diagnostics[0].Pos.Line != 2 || !strings.Contains(res.Diagnostics[0].Message, "cannot parse") {
		t.Errorf("diagnostics: %+v", res.Diagnostics)
	}
}

// TestJSONSyntax checks a module written as .tf.json.
func TestJSONSyntax(t *testing.T) {
	src := `{
  "variable": {"mode": {"default": "host"}},
  "resource": {
    "aws_ecs_task_definition": {
      "t": {
        "family": "json",
        "network_mode": "${var.mode}",
        "container_definitions": "${jsonencode([{name = \"app\", privileged = true}])}"
      }
    }
  }
}`
	res := Adapt(".", []File{{Path: "main.tf.json", Name: "main.tf.json", Data: []byte(src)}}, Options{FS: emptyFS{}})
	if len(res.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %+v", res.Diagnostics)
	}
	td := one[*model.TaskDefinition](t, res.States[0])
	if !td.NetworkMode.Is("host") || td.NetworkMode.Pos.Line != 7 {
		t.Errorf("network mode: %+v", td.NetworkMode)
	}
	if len(td.Containers) != 1 || !td.Containers[0].Privileged.True() {
		t.Errorf("containers: %+v", td.Containers)
	}
}

// TestPlan checks plan JSON: planned values are read, and an attribute
// known only after apply is unknown and refers to its target.
func TestPlan(t *testing.T) {
	data, err := os.ReadFile("../../rules/ecstask/testdata/tf-plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLikePlan(data) {
		t.Fatal("plan not recognised")
	}
	f, err := tree.Parse(data)
	if err != nil || !IsPlan(f.Docs[0]) {
		t.Fatalf("plan not parsed: %v", err)
	}
	res := AdaptPlan("plan.json", f)
	tds := model.Of[*model.TaskDefinition](res.States[0])
	if len(tds) != 2 || tds[1].ID != "module.worker.aws_ecs_task_definition.this[0]" {
		t.Fatalf("task definitions: %+v", tds)
	}
	if ref, ok := tds[0].ExecutionRole.Ref(); !ok || ref.Target != "aws_iam_role.exec" {
		t.Errorf("execution role: %+v", tds[0].ExecutionRole)
	}
	if p, c := configAddress("module.a[\"x\"].module.b.data.aws_iam_policy_document.d[0]"); p != `module.a["x"].module.b.` || c != "module.a.module.b.data.aws_iam_policy_document.d" {
		t.Errorf("configAddress = %q, %q", p, c)
	}
}

// TestReferencePaths checks that a reference through an object in a local,
// or a module input, names only the resource at that path.
func TestReferencePaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `
resource "aws_iam_role" "a" { name = "a" }
resource "aws_iam_role" "b" { name = "b" }
locals {
  roles = { task = aws_iam_role.a.arn, exec = aws_iam_role.b.arn }
}
resource "aws_ecs_task_definition" "t" {
  family             = "t"
  task_role_arn      = local.roles.task
  execution_role_arn = local.roles["exec"]
}
module "m" {
  source = "./m"
  roles  = local.roles
}
`)
	write("m/main.tf", `
variable "roles" {}
resource "aws_ecs_task_definition" "t" {
  family             = "m"
  execution_role_arn = var.roles.exec
}
`)
	st := adaptDir(t, dir, Options{})
	root, ok1 := st.Lookup("aws_ecs_task_definition.t").(*model.TaskDefinition)
	child, ok2 := st.Lookup("module.m.aws_ecs_task_definition.t").(*model.TaskDefinition)
	if !ok1 || !ok2 {
		t.Fatalf("task definitions: %+v", st.Resources)
	}
	for _, c := range []struct {
		got  model.Str
		want string
	}{{root.TaskRole, "aws_iam_role.a"}, {root.ExecutionRole, "aws_iam_role.b"}, {child.ExecutionRole, "aws_iam_role.b"}} {
		if r, ok := c.got.Ref(); !ok || r.Target != c.want {
			t.Errorf("reference %+v, want %s", c.got, c.want)
		}
	}
}

// TestBoundedEvaluation checks that configurations whose evaluation would
// explode (nested loops over long ranges, nested dynamic blocks) are cut
// short and left unknown rather than hanging the scan.
func TestBoundedEvaluation(t *testing.T) {
	for _, src := range []string{
		`locals { a = [for i in range(100000) : i] }
resource "aws_ecs_cluster" "c" { name = length(local.a) }`,
		`locals { a = [for i in range(256) : [for j in range(256) : [for k in range(256) : k]]] }
resource "aws_ecs_cluster" "c" { name = length(local.a) }`,
		`locals { a = "%{ for i in range(256) }%{ for j in range(256) }%{ for k in range(256) }x%{ endfor }%{ endfor }%{ endfor }" }
resource "aws_ecs_cluster" "c" { name = local.a }`,
		`locals { r = [for i in range(200) : i] }
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = local.r
    content {
      dynamic "x" {
        for_each = local.r
        content {
          dynamic "y" {
            for_each = local.r
            content { a = 1 }
          }
        }
      }
    }
  }
}`,
	} {
		start := time.Now()
		res := Adapt(".", []File{{Path: "main.tf", Name: "main.tf", Data: []byte(src)}}, Options{FS: emptyFS{}})
		if d := time.Since(start); d > 5*time.Second || len(res.States) != 1 {
			t.Errorf("%.50q took %v", src, d)
		}
	}
}

// emptyFS has no files.
type emptyFS struct{}

func (emptyFS) ReadFile(string) ([]byte, error)       { return nil, fs.ErrNotExist }
func (emptyFS) ReadDir(string) ([]fs.DirEntry, error) { return nil, fs.ErrNotExist }
