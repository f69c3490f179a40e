package autofix_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/shipshape/shipshape/internal/autofix"
	"github.com/shipshape/shipshape/internal/fix"
	_ "github.com/shipshape/shipshape/internal/inputs"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/rule"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/scan"
)

var update = flag.Bool("update", false, "rewrite the golden files of the fix fixtures")

// choices are the answers every fixture is fixed with.
var choices = fix.Choices{
	KMSKey:         "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	SSMPrefix:      "/app/",
	User:           "1000:1000",
	ExecLogGroup:   "/ecs/exec",
	ExecLogBucket:  "exec-logs",
	K8sSecret:      "api-secrets",
	ComposeEnvFile: "secrets.env",
}

// modelFields are, per rule, the model fields a fix may change: the model
// read back from a fixed file is the model of the original except these.
var modelFields = map[string][]string{
	"ecr/tag-immutability":            {"TagMutability"},
	"ecr/scan-on-push":                {"ScanOnPush"},
	"ecr/kms-cmk":                     {"EncryptionType", "KMSKey"},
	"ecs-cluster/container-insights":  {"ContainerInsights"},
	"ecs-exec/kms-key":                {"ExecKMSKey", "ExecConfig"},
	"ecs-exec/logging":                {"ExecLogging", "ExecConfig", "ExecLogConfig", "ExecLogGroup", "ExecLogGroupEncrypt", "ExecS3Bucket", "ExecS3Encrypt"},
	"ecs-exec/log-encryption":         {"ExecLogGroupEncrypt", "ExecS3Encrypt", "KMSKey"},
	"data/log-group-kms":              {"KMSKey"},
	"ecs-service/public-ip":           {"AssignPublicIP", "NetworkConfig"},
	"ecs-task/readonly-rootfs":        {"ReadonlyRootFilesystem"},
	"ecs-task/privileged":             {"Privileged"},
	"ecs-task/capabilities":           {"CapDrop", "LinuxParameters"},
	"ecs-task/non-root-user":          {"User"},
	"ecs-task/efs-transit-encryption": {"TransitEncryption"},
	"ecs-task/secrets-in-env":         {"Environment", "Secrets"},
	"k8s/privileged":                  {"Privileged", "SecurityContext"},
	"k8s/privilege-escalation":        {"AllowPrivilegeEscalation", "SecurityContext"},
	"k8s/readonly-rootfs":             {"ReadOnlyRootFilesystem", "SecurityContext"},
	"k8s/run-as-non-root":             {"RunAsNonRoot", "RunAsUser", "SecurityContext"},
	"k8s/seccomp":                     {"SeccompProfile", "SecurityContext"},
	"dockerfile/root-user":            {"Instructions", "Stages", "Target", "Stage"},
	"dockerfile/package-cleanup":      {"Script", "Args", "Original"},
	"dockerfile/add-instead-of-copy":  {"Cmd", "Type"},
	"compose/readonly-rootfs":         {"ReadOnly"},
	"compose/capabilities":            {"CapDrop"},
	"k8s/capabilities":                {"CapDrop", "Capabilities", "SecurityContext"},
	"k8s/secrets-in-env":              {"Env", "ValueFrom", "Value"},
	"compose/secrets-in-env":          {"Environment", "EnvFile"},
}

// fixture is one input file of testdata/<rule>/ with its golden output
// (the same name plus .golden). A name containing "skip" expects the fix
// to be skipped, with a reason, and the file left alone.
type fixture struct {
	rule, path, golden string
	skip               bool
}

func fixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "fuzz" {
			continue
		}
		id := strings.Replace(d.Name(), "_", "/", 1)
		if rule.Lookup(id) == nil {
			t.Fatalf("testdata/%s: no rule %s", d.Name(), id)
		}
		files, _ := os.ReadDir(filepath.Join("testdata", d.Name()))
		for _, f := range files {
			if strings.HasSuffix(f.Name(), ".golden") {
				continue
			}
			p := filepath.Join("testdata", d.Name(), f.Name())
			out = append(out, fixture{rule: id, path: p, golden: p + ".golden", skip: strings.Contains(f.Name(), "skip")})
		}
	}
	return out
}

// run fixes one file, copied to a temporary directory under its own name.
func run(t *testing.T, name string, data []byte, only string, with ...fix.Choices) (*autofix.Result, string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o640); err != nil {
		t.Fatal(err)
	}
	o := autofix.Options{Scan: scan.Options{Paths: []string{p}, Settings: &rule.Settings{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}, Choices: choices}
	if len(with) > 0 {
		o.Choices = with[0]
	}
	if only != "" {
		o.Only = map[string]bool{only: true}
	}
	res, err := autofix.Run(o)
	if err != nil {
		t.Fatal(err)
	}
	return res, p
}

func after(res *autofix.Result, orig []byte) []byte {
	if len(res.Files) == 0 {
		return orig
	}
	return res.Files[0].After
}

// TestFixtures checks every fixable rule's fixtures: the fixed file equals
// its golden file, parses, is clean for the rule, keeps every comment and
// the rest of the model, and a second fix changes nothing.
func TestFixtures(t *testing.T) {
	covered := map[string]bool{}
	formats := map[string]bool{} // rule and format of each fixture fixed
	for _, fx := range fixtures(t) {
		covered[fx.rule] = true
		t.Run(fx.path, func(t *testing.T) {
			orig, err := os.ReadFile(fx.path)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(fx.path)
			if strings.HasPrefix(name, "Dockerfile") {
				name = "Dockerfile"
			}
			res, _ := run(t, name, orig, fx.rule)
			got := after(res, orig)
			if fx.skip {
				if len(res.Files) != 0 || len(res.Skipped) == 0 {
					t.Fatalf("want the fix skipped with a reason; got %d changed files, %d skips", len(res.Files), len(res.Skipped))
				}
				for _, s := range res.Skipped {
					if s.Reason == "" {
						t.Errorf("skip without a reason: %+v", s)
					}
				}
				return
			}
			if *update {
				if err := os.WriteFile(fx.golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(fx.golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("fixed file differs from %s:\n%s", fx.golden, fix.UnifiedDiff(fx.golden, want, got))
			}
			if bytes.Equal(got, orig) {
				t.Fatalf("the fix changed nothing")
			}
			formats[fx.rule+" "+string(res.Files[0].Format)] = true
			for _, f := range res.Remaining {
				if f.RuleID == fx.rule {
					t.Errorf("still reported after the fix: %s:%d %s", f.Pos.File, f.Pos.Line, f.Message)
				}
			}
			for _, s := range res.Skipped {
				t.Errorf("skipped: %s:%d %s: %s", s.Pos.File, s.Pos.Line, s.RuleID, s.Reason)
			}
			if err := fix.CheckParses(res.Files[0].Format, name, got); err != nil {
				t.Fatal(err)
			}
			keepsComments(t, orig, got)
			if res.Files[0].Format == model.Terraform {
				// terraform fmt -check, through hclwrite: a formatted file
				// stays formatted, and the lines a fix writes are formatted.
				if bytes.Equal(hclwrite.Format(orig), orig) && !bytes.Equal(hclwrite.Format(got), got) {
					t.Errorf("the fixed file is not formatted as terraform fmt writes it:\n%s", fix.UnifiedDiff(fx.golden, got, hclwrite.Format(got)))
				}
				if f := fix.FormatChanged(orig, got); !bytes.Equal(f, got) {
					t.Errorf("a changed line is not formatted as terraform fmt writes it:\n%s", fix.UnifiedDiff(fx.golden, got, f))
				}
			}
			if !bytes.Contains(orig, []byte("\r\n")) == bytes.Contains(got, []byte("\r\n")) {
				t.Errorf("line endings changed")
			}
			again, _ := run(t, name, got, fx.rule)
			if len(again.Files) > 0 {
				t.Errorf("a second fix changed the file again:\n%s", again.Files[0].Diff())
			}
			sameModel(t, name, orig, got, modelFields[fx.rule])
		})
	}
	for id, fields := range modelFields {
		if fields != nil && !covered[id] {
			t.Errorf("rule %s has a fix but no fixture under testdata/%s", id, strings.Replace(id, "/", "_", 1))
		}
	}
	for _, r := range rule.All() {
		if len(r.Fixes) > 0 && !covered[r.ID] {
			t.Errorf("rule %s has a fix but no fixture", r.ID)
		}
		for f := range r.Fixes {
			if covered[r.ID] && !formats[r.ID+" "+string(f)] && !t.Failed() {
				t.Errorf("rule %s has a %s fix but no %s fixture is fixed under testdata/%s", r.ID, f, f, strings.Replace(r.ID, "/", "_", 1))
			}
		}
	}
}

// keepsComments checks that every comment of the original is in the fixed file.
func keepsComments(t *testing.T, orig, got []byte) {
	t.Helper()
	for _, l := range strings.Split(string(orig), "\n") {
		if i := strings.Index(l, "#"); i >= 0 && strings.TrimSpace(l[:i]) == "" {
			if !strings.Contains(string(got), strings.TrimRight(l, "\r")) {
				t.Errorf("comment line lost: %q", l)
			}
		}
	}
	if f, err := tree.Parse(orig); err == nil {
		for _, c := range f.Comments() {
			if !bytes.Contains(got, []byte(c.Text)) {
				t.Errorf("comment lost: %q", c.Text)
			}
		}
	}
}

// sameModel adapts both files and compares their resources, ignoring
// positions, except for the fields the fix may change.
func sameModel(t *testing.T, name string, orig, got []byte, fields []string) {
	t.Helper()
	a, b := states(t, name, orig), states(t, name, got)
	var diffs []string
	diffTree(a, b, &diffs)
	for _, d := range diffs {
		ok := false
		for _, f := range fields {
			ok = ok || strings.Contains(d, "."+f)
		}
		if !ok {
			t.Errorf("model changed outside the fixed fields %v: %s", fields, d)
		}
	}
}

func states(t *testing.T, name string, data []byte) map[string]string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(scan.Options{Paths: []string{p}, KeepStates: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, st := range res.States {
		for _, r := range st.Resources {
			flatten(reflect.ValueOf(r), r.Info().ID, out, map[uintptr]bool{})
		}
	}
	return out
}

// flatten writes every leaf of v under its field path, leaving out
// positions (which fixes move) and following each pointer once.
func flatten(v reflect.Value, path string, out map[string]string, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
		}
		flatten(v.Elem(), path, out, seen)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "Pos" || strings.HasSuffix(f.Name, "Pos") || f.Name == "Line" || f.Name == "Col" || f.Name == "EndLine" || f.Name == "Offset" || f.Name == "ArgLines" || f.Name == "ArgOffsets" || f.Name == "Project" {
				continue
			}
			flatten(v.Field(i), path+"."+f.Name, out, seen)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			flatten(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out, seen)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			flatten(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), out, seen)
		}
	default:
		out[path] = fmt.Sprint(v.Interface())
	}
}

func diffTree(a, b map[string]string, out *[]string) {
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			*out = append(*out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			*out = append(*out, k)
		}
	}
	sort.Strings(*out)
}

// TestCfnLint runs cfn-lint on every CloudFormation fixture and its fixed
// output: a template that passed must still pass. cfn-lint is required
// under CI=true, skipped elsewhere when absent.
func TestCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("cfn-lint is not installed (.ci/run installs it)")
		}
		t.Skip("cfn-lint not installed")
	}
	var origs, goldens []string
	for _, fx := range fixtures(t) {
		if fx.skip || !isTemplate(fx.path) {
			continue
		}
		origs = append(origs, fx.path)
		goldens = append(goldens, fx.golden)
	}
	failing := func(files []string) map[string]string {
		dir := t.TempDir()
		var args []string
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// The original and its golden file get the same name.
			p := filepath.Join(dir, strings.ReplaceAll(strings.TrimSuffix(f, ".golden"), string(filepath.Separator), "_"))
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, p)
		}
		out, _ := exec.Command(lint, append([]string{"--format", "parseable", "--"}, args...)...).CombinedOutput()
		bad := map[string]string{}
		for _, l := range strings.Split(string(out), "\n") {
			if l == "" {
				continue
			}
			file, _, _ := strings.Cut(l, ":")
			base := filepath.Base(file)
			// W (warnings) and I (informational) do not fail a template.
			if strings.Contains(l, ":E") {
				bad[base] += l + "\n"
			}
		}
		return bad
	}
	before, after := failing(origs), failing(goldens)
	for name, msg := range after {
		if _, was := before[name]; !was {
			t.Errorf("cfn-lint fails on the fixed %s, not on the original:\n%s", name, msg)
		}
	}
}

// isTemplate reports whether a fixture is a CloudFormation template.
func isTemplate(p string) bool {
	data, err := os.ReadFile(p)
	return err == nil && (bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("AWS::")))
}

// TestRootUserNamed checks that a named user is created before USER, with
// the tool of the base image's distribution, and only once.
func TestRootUserNamed(t *testing.T) {
	for _, c := range []struct{ base, want string }{
		{"alpine:3.21", "RUN addgroup -S app && adduser -S -D -H -G app app\nUSER app\n"},
		{"debian:bookworm-slim", "RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER app\n"},
		{"gcr.io/distroless/static-debian12", ""},
	} {
		src := "FROM " + c.base + "\nCOPY app /app\n"
		dir := t.TempDir()
		p := filepath.Join(dir, "Dockerfile")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := autofix.Run(autofix.Options{Scan: scan.Options{Paths: []string{p}}, Only: map[string]bool{"dockerfile/root-user": true}, Choices: fix.Choices{User: "app"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "" {
			if len(res.Files) > 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "numeric") {
				t.Errorf("%s: want a skip asking for a numeric user, got %+v", c.base, res.Skipped)
			}
			continue
		}
		if len(res.Files) != 1 || string(res.Files[0].After) != src+c.want {
			t.Errorf("%s: got %+v", c.base, res.Files)
		}
	}
}

// TestRunAsNonRootChoice: a container that sets neither runAsNonRoot nor
// runAsUser gets runAsNonRoot: true without a chosen user, and the chosen
// UID (and GID) with one; a name is not a UID.
func TestRunAsNonRootChoice(t *testing.T) {
	src := []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36\n")
	for _, c := range []struct{ user, want string }{
		{"", "      securityContext:\n        runAsNonRoot: true\n"},
		{"app", "      securityContext:\n        runAsNonRoot: true\n"},
		{"10001", "      securityContext:\n        runAsUser: 10001\n"},
		{"10001:20002", "      securityContext:\n        runAsUser: 10001\n        runAsGroup: 20002\n"},
	} {
		res, _ := run(t, "pod.yaml", src, "k8s/run-as-non-root", fix.Choices{User: c.user})
		if got := string(after(res, src)); got != string(src)+c.want {
			t.Errorf("--user %q: got\n%s", c.user, got)
		}
	}
}

// TestComposeSecretInAnchor: a secret written in an extension field that
// services merge is not moved, and the skip says where it is.
func TestComposeSecretInAnchor(t *testing.T) {
	src := []byte("x-common: &common\n  image: nginx:1.27.3\n  environment:\n    DB_PASSWORD: Xk29fj3kLQ0pzQ\nservices:\n  a:\n    <<: *common\n  b:\n    <<: *common\n")
	res, _ := run(t, "compose.yaml", src, "compose/secrets-in-env", fix.Choices{ComposeEnvFile: "secrets.env"})
	if len(res.Files) != 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "written in x-common, which services merge") {
		t.Errorf("files %d, skipped %+v", len(res.Files), res.Skipped)
	}
}
