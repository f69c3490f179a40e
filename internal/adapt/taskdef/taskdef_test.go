package taskdef

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/parse/tree"
)

const registerInput = `{
  "family": "web",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
  "containerDefinitions": [
    {
      "name": "app",
      "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2",
      "privileged": true,
      "readonlyRootFilesystem": false,
      "user": "0",
      "environment": [{"name": "MODE", "value": "prod"}],
      "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}}
    },
    {"name": "sidecar", "image": "busybox"}
  ]
}
`

func adaptSrc(t *testing.T, name, src string) adapt.Result {
	t.Helper()
	f, err := tree.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return Adapt(name, f)
}

func onlyTask(t *testing.T, res adapt.Result) *model.TaskDefinition {
	t.Helper()
	if len(res.States) != 1 {
		t.Fatalf("got %d states", len(res.States))
	}
	tds := model.Of[*model.TaskDefinition](res.States[0])
	if len(tds) != 1 {
		t.Fatalf("got %d task definitions, want 1", len(tds))
	}
	return tds[0]
}

func TestShapes(t *testing.T) {
	// The describe output wraps the same object one level down: every line
	// moves by one.
	describe := "{\"taskDefinition\":\n" + registerInput + ",\n\"tags\": []}\n"
	yamlSrc := `family: web
networkMode: awsvpc
requiresCompatibilities: [FARGATE]
containerDefinitions:
  - name: app
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2
    privileged: true
    readonlyRootFilesystem: false
    user: "0"
    environment:
      - {name: MODE, value: prod}
    linuxParameters: {capabilities: {add: [SYS_ADMIN]}}
  - {name: sidecar, image: busybox}
`
	tests := []struct {
		name       string
		src        string
		familyLine int
		appLine    int
		privLine   int
		envLine    int
	}{
		{"register input", registerInput, 2, 7, 10, 13},
		{"describe output", describe, 3, 8, 11, 14},
		{"YAML", yamlSrc, 1, 5, 7, 11},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := adaptSrc(t, "td.json", tc.src)
			if len(res.Diagnostics) != 0 {
				t.Errorf("diagnostics %v", res.Diagnostics)
			}
			td := onlyTask(t, res)
			if td.ID != "web" || td.Format != model.TaskDefJSON || td.Pos.File != "td.json" {
				t.Errorf("meta %+v", td.Meta)
			}
			if !td.Family.Is("web") || td.Family.Pos.Line != tc.familyLine {
				t.Errorf("family %+v, want web at line %d", td.Family, tc.familyLine)
			}
			if !td.NetworkMode.Is("awsvpc") || !td.RequiresCompatibilities.Has("FARGATE") {
				t.Errorf("network mode %+v, compatibilities %+v", td.NetworkMode, td.RequiresCompatibilities)
			}
			if len(td.Containers) != 2 {
				t.Fatalf("got %d containers", len(td.Containers))
			}
			app := td.Containers[0]
			if !app.Name.Is("app") || app.Pos.Line != tc.appLine {
				t.Errorf("container %+v at line %d, want app at %d", app.Name, app.Pos.Line, tc.appLine)
			}
			if !app.Privileged.True() || app.Privileged.Pos.Line != tc.privLine {
				t.Errorf("privileged %+v, want true at line %d", app.Privileged, tc.privLine)
			}
			if !app.ReadonlyRootFilesystem.Known() || app.ReadonlyRootFilesystem.V {
				t.Errorf("readonlyRootFilesystem %+v, want known false", app.ReadonlyRootFilesystem)
			}
			if !app.User.Is("0") || !app.CapAdd.Has("SYS_ADMIN") {
				t.Errorf("user %+v, caps %+v", app.User, app.CapAdd)
			}
			if len(app.Environment) != 1 || !app.Environment[0].Value.Is("prod") || app.Environment[0].Pos.Line != tc.envLine {
				t.Errorf("environment %+v, want MODE=prod at line %d", app.Environment, tc.envLine)
			}
			side := td.Containers[1]
			if side.Privileged.P != model.Absent || side.User.P != model.Absent {
				t.Errorf("sidecar has values it does not write: %+v", side)
			}
		})
	}
}

func TestIDFallsBackToFileName(t *testing.T) {
	td := onlyTask(t, adaptSrc(t, "deploy/task-def.json", `{"containerDefinitions": [{"name": "a", "image": "x"}]}`))
	if td.ID != "task-def.json" {
		t.Errorf("ID %q, want the file name", td.ID)
	}
	td = onlyTask(t, adaptSrc(t, "deploy/task-def.json", `{"family": "", "containerDefinitions": []}`))
	if td.ID != "task-def.json" {
		t.Errorf("ID %q with an empty family, want the file name", td.ID)
	}
}

func TestLooksLikeAndBody(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		looksLike bool
		body      bool
	}{
		{"register input", registerInput, true, true},
		{"describe output", `{"taskDefinition": {"family": "x", "containerDefinitions": []}}`, true, true},
		{"container definitions as a JSON string", `{"containerDefinitions": "[{\"name\": \"a\"}]"}`, true, true},
		{"CloudFormation", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions: []\n", true, false},
		{"describe without containers", `{"taskDefinition": {"family": "x"}}`, false, false},
		{"describe, wrapped value not an object", `{"taskDefinition": "containerDefinitions"}`, true, false},
		{"containerDefinitions an object", `{"containerDefinitions": {"name": "a"}}`, true, false},
		{"containerDefinitions null", `{"containerDefinitions": null}`, true, false},
		{"package.json", `{"name": "app", "version": "1.0.0"}`, false, false},
		{"a list", `[{"containerDefinitions": []}]`, true, false},
		{"Kubernetes", "apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := LooksLikeTaskDef([]byte(tc.src)); got != tc.looksLike {
				t.Errorf("LooksLikeTaskDef = %t, want %t", got, tc.looksLike)
			}
			f, err := tree.Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := Body(f.Docs[0]) != nil; got != tc.body {
				t.Errorf("Body found = %t, want %t", got, tc.body)
			}
		})
	}
	if Body(nil) != nil {
		t.Error("Body(nil) is not nil")
	}
}

func TestWrongTypes(t *testing.T) {
	tests := []struct {
		name       string
		src        string
		containers int
		warn       string // a warning containing this text, or ""
		warnLine   int
	}{
		{"containerDefinitions a string", "{\"family\": \"x\",\n \"containerDefinitions\": \"oops\"}", 0, "containerDefinitions is not a list", 2},
		{"containerDefinitions a JSON string", `{"containerDefinitions": "[{\"name\": \"a\", \"image\": \"nginx\", \"privileged\": true}]"}`, 1, "containerDefinitions is not a list", 1},
		{"container a string", `{"containerDefinitions": ["nginx", {"name": "b"}]}`, 1, "", 0},
		{"container null", `{"containerDefinitions": [null]}`, 0, "", 0},
		{"environment an object", `{"containerDefinitions": [{"name": "a", "environment": {"name": "X"}}]}`, 1, "", 0},
		{"environment items strings", `{"containerDefinitions": [{"name": "a", "environment": ["X=1"]}]}`, 1, "", 0},
		{"privileged a string", `{"containerDefinitions": [{"name": "a", "privileged": "maybe"}]}`, 1, "", 0},
		{"privileged an object", `{"containerDefinitions": [{"name": "a", "privileged": {"x": 1}}]}`, 1, "", 0},
		{"image a list", `{"containerDefinitions": [{"name": "a", "image": ["x"]}]}`, 1, "", 0},
		{"linuxParameters a string", `{"containerDefinitions": [{"name": "a", "linuxParameters": "x"}]}`, 1, "", 0},
		{"volumes a string", `{"containerDefinitions": [], "volumes": "x"}`, 0, "", 0},
		{"mountPoints a number", `{"containerDefinitions": [{"name": "a", "mountPoints": 3}]}`, 1, "", 0},
		{"family a number", `{"family": 7, "containerDefinitions": []}`, 0, "", 0},
		{"duplicate key", "{\"family\": \"a\",\n\"family\": \"b\", \"containerDefinitions\": []}", 0, "duplicate key", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := adaptSrc(t, "td.json", tc.src)
			td := onlyTask(t, res)
			if len(td.Containers) != tc.containers {
				t.Errorf("got %d containers, want %d", len(td.Containers), tc.containers)
			}
			var found bool
			for _, d := range res.Diagnostics {
				if d.Level == finding.LevelError {
					t.Errorf("error diagnostic %s", d)
				}
				if tc.warn != "" && d.Level == finding.LevelWarning && strings.Contains(d.Message, tc.warn) && d.Pos.Line == tc.warnLine {
					found = true
				}
			}
			if tc.warn != "" && !found {
				t.Errorf("no warning %q at line %d in %v", tc.warn, tc.warnLine, res.Diagnostics)
			}
			if tc.warn == "" && len(res.Diagnostics) != 0 {
				t.Errorf("diagnostics %v", res.Diagnostics)
			}
		})
	}
}

func TestPrivilegedValues(t *testing.T) {
	tests := []struct {
		value string
		p     model.Presence
		v     bool
	}{
		{"true", model.Known, true},
		{`"TRUE"`, model.Known, true},
		{"false", model.Known, false},
		{"null", model.Absent, false},
		{`"maybe"`, model.Unknown, false},
		{"1", model.Unknown, false},
	}
	for _, tc := range tests {
		td := onlyTask(t, adaptSrc(t, "td.json", `{"containerDefinitions": [{"name": "a", "privileged": `+tc.value+`}]}`))
		if b := td.Containers[0].Privileged; b.P != tc.p || b.V != tc.v {
			t.Errorf("privileged %s: got %+v, want presence %d value %t", tc.value, b, tc.p, tc.v)
		}
	}
}

func TestMultiDocumentYAML(t *testing.T) {
	src := "family: a\ncontainerDefinitions: [{name: x}]\n---\nkind: Other\n---\nfamily: b\ncontainerDefinitions: []\n# trailing comment\n"
	res := adaptSrc(t, "tds.yaml", src)
	tds := model.Of[*model.TaskDefinition](res.States[0])
	if len(tds) != 2 || tds[0].ID != "a" || tds[1].ID != "b" || tds[1].Pos.Line != 6 {
		t.Errorf("task definitions %+v", tds)
	}
	if len(res.Comments) != 1 || res.Comments[0].Pos.Line != 8 {
		t.Errorf("comments %+v", res.Comments)
	}
}

// TestContainerDefinitionsObject checks that a task definition whose
// containerDefinitions is an object, not a list, is still recognised and
// gets a warning on that line rather than being skipped silently.
func TestContainerDefinitionsObject(t *testing.T) {
	src := "{\n  \"family\": \"web\",\n  \"containerDefinitions\": {\"name\": \"a\"}\n}\n"
	f, err := tree.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if Body(f.Docs[0]) == nil {
		t.Fatal("not recognised as a task definition")
	}
	res := Adapt("td.json", f)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Pos.Line != 3 || res.Diagnostics[0].Message != "containerDefinitions is not a list" {
		t.Errorf("diagnostics = %+v, want one warning on line 3", res.Diagnostics)
	}
}
