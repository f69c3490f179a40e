package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shipshape/shipshape/internal/finding"
	_ "github.com/shipshape/shipshape/internal/inputs" // for TestSARIFOfRealScan
	"github.com/shipshape/shipshape/internal/model"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/scan"
)

// sarifSchemaURL is the $id the vendored schema declares.
const sarifSchemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// compileSARIFSchema compiles testdata/sarif-schema-2.1.0.json (see
// testdata/README.md), asserting formats such as uri and uri-reference.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifSchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func sarifOutput(t *testing.T, res *scan.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", res, Options{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func validate(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	outside := fixture()
	outside.Findings[0].Pos.File = "../elsewhere/Dockerfile"
	for name, res := range map[string]*scan.Result{"fixture": fixture(), "clean": clean(), "outside": outside} {
		if err := validate(sch, sarifOutput(t, res)); err != nil {
			t.Errorf("%s: the SARIF output does not validate: %v", name, err)
		}
	}
}

// TestSARIFSchemaRejects makes sure the schema check can fail: documents
// that break the schema in the ways a writer could are rejected.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := compileSARIFSchema(t)
	good := sarifOutput(t, fixture())
	breakers := map[string]func(doc map[string]any){
		"no version":     func(doc map[string]any) { delete(doc, "version") },
		"wrong version":  func(doc map[string]any) { doc["version"] = "2.0.0" },
		"unknown level":  func(doc map[string]any) { result(doc, 0)["level"] = "severe" },
		"no message":     func(doc map[string]any) { delete(result(doc, 0), "message") },
		"line 0":         func(doc map[string]any) { region(doc)["startLine"] = 0 },
		"unknown field":  func(doc map[string]any) { result(doc, 0)["severity"] = "high" },
		"bad suppressed": func(doc map[string]any) { result(doc, 0)["suppressions"] = []any{map[string]any{"kind": "inline"}} },
		"no driver name": func(doc map[string]any) { delete(driver(doc), "name") },
	}
	for name, breakIt := range breakers {
		var doc map[string]any
		if err := json.Unmarshal(good, &doc); err != nil {
			t.Fatal(err)
		}
		breakIt(doc)
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := validate(sch, data); err == nil {
			t.Errorf("%s: an invalid document passed the schema", name)
		}
	}
}

func run0(doc map[string]any) map[string]any { return doc["runs"].([]any)[0].(map[string]any) }

func driver(doc map[string]any) map[string]any {
	return run0(doc)["tool"].(map[string]any)["driver"].(map[string]any)
}

func result(doc map[string]any, i int) map[string]any {
	return run0(doc)["results"].([]any)[i].(map[string]any)
}

func region(doc map[string]any) map[string]any {
	loc := result(doc, 0)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

// sarifDoc is the part of a SARIF log the content tests read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version, SemanticVersion, InformationURI string
				Rules                                          []struct {
					ID, Name             string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					Help                 struct{ Text, Markdown string }
					DefaultConfiguration struct{ Level string }
					Properties           map[string]any
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine, StartColumn int }
				}
				LogicalLocations []struct{ Name, FullyQualifiedName, Kind string }
			}
			PartialFingerprints map[string]string
			Suppressions        []struct{ Kind, Status, Justification string }
		}
	}
}

func TestSARIFContent(t *testing.T) {
	res := fixture()
	var doc sarifDoc
	if err := json.Unmarshal(sarifOutput(t, res), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	run := doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "shipshape" || d.Version != "1.2.3" || d.SemanticVersion != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver = %q %q %q %q", d.Name, d.Version, d.SemanticVersion, d.InformationURI)
	}
	wantSeverity := map[string]string{"test/privileged": "9.5", "test/secret-env": "8.0", "test/root-user": "5.5", "test/log-retention": "3.0"}
	if len(d.Rules) != len(wantSeverity) {
		t.Errorf("%d rules, want %d", len(d.Rules), len(wantSeverity))
	}
	for _, r := range d.Rules {
		if got := r.Properties["security-severity"]; got != wantSeverity[r.ID] {
			t.Errorf("%s: security-severity %v, want %q", r.ID, got, wantSeverity[r.ID])
		}
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Name == "" {
			t.Errorf("%s: rule descriptor incomplete: %+v", r.ID, r)
		}
	}
	for _, r := range d.Rules {
		if r.ID == "test/secret-env" && !strings.Contains(r.Help.Markdown, "```yaml\nSecrets:") {
			t.Errorf("help.markdown has no fenced CloudFormation snippet:\n%s", r.Help.Markdown)
		}
		if r.ID == "test/root-user" && !strings.Contains(r.Help.Markdown, "````dockerfile\n# a snippet with ``` inside") {
			t.Errorf("help.markdown does not fence a snippet holding a fence:\n%s", r.Help.Markdown)
		}
	}

	all := append(append([]finding.Finding{}, res.Findings...), res.Suppressed...)
	if len(run.Results) != len(all) {
		t.Fatalf("%d results, want %d (findings and suppressed)", len(run.Results), len(all))
	}
	wantLevel := map[finding.Severity]string{finding.Critical: "error", finding.High: "error", finding.Medium: "warning", finding.Low: "note", finding.Info: "note"}
	for i, r := range run.Results {
		f := all[i]
		if r.RuleID != f.RuleID || d.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleId %s, rules[%d] is %s, want %s", i, r.RuleID, r.RuleIndex, d.Rules[r.RuleIndex].ID, f.RuleID)
		}
		if r.Level != wantLevel[f.Severity] {
			t.Errorf("result %d: level %s for %s", i, r.Level, f.Severity)
		}
		if r.PartialFingerprints[fingerprintKey] != f.Fingerprint || f.Fingerprint == "" {
			t.Errorf("result %d: fingerprint %v, want %s", i, r.PartialFingerprints, f.Fingerprint)
		}
		if len(r.Locations) != 1 || len(r.Locations[0].LogicalLocations) != 1 || r.Locations[0].LogicalLocations[0].Name != f.Resource {
			t.Errorf("result %d: locations %+v, want the resource %s", i, r.Locations, f.Resource)
			continue
		}
		p := r.Locations[0].PhysicalLocation
		if f.Pos.File == "<stdin>" {
			if p != nil {
				t.Errorf("result %d: stdin has a physical location %+v", i, p)
			}
			continue
		}
		if p == nil || p.ArtifactLocation.URIBaseID != "%SRCROOT%" || p.Region.StartLine != f.Pos.Line || p.Region.StartLine < 1 {
			t.Errorf("result %d: physical location %+v, want %s:%d under %%SRCROOT%%", i, p, f.Pos.File, f.Pos.Line)
		} else if strings.HasPrefix(p.ArtifactLocation.URI, "/") || strings.Contains(p.ArtifactLocation.URI, `\`) {
			t.Errorf("result %d: uri %q is not relative with forward slashes", i, p.ArtifactLocation.URI)
		}
		if strings.Contains(f.Pos.File, " ") && !strings.Contains(p.ArtifactLocation.URI, "%20") {
			t.Errorf("result %d: uri %q does not escape the space", i, p.ArtifactLocation.URI)
		}
		if f.Condition != "" && !strings.Contains(r.Message.Text, f.Condition) {
			t.Errorf("result %d: message %q lacks the condition", i, r.Message.Text)
		}
		if f.Suppression == nil {
			if len(r.Suppressions) != 0 {
				t.Errorf("result %d: counted finding has suppressions %+v", i, r.Suppressions)
			}
			continue
		}
		want := map[string]string{"inline": "inSource", "baseline": "external"}[f.Suppression.Kind]
		if len(r.Suppressions) != 1 || r.Suppressions[0].Kind != want || r.Suppressions[0].Justification != f.Suppression.Reason {
			t.Errorf("result %d: suppressions %+v, want kind %s with the reason", i, r.Suppressions, want)
		}
	}

	inv := run.Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 3 || inv[0].ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("invocations = %+v, want 3 notifications, the first an error, and executionSuccessful false", inv)
	}
	var cleanDoc sarifDoc
	if err := json.Unmarshal(sarifOutput(t, clean()), &cleanDoc); err != nil {
		t.Fatal(err)
	}
	if !cleanDoc.Runs[0].Invocations[0].ExecutionSuccessful || cleanDoc.Runs[0].Results == nil {
		t.Errorf("clean run: %+v", cleanDoc.Runs[0])
	}
}

func TestArtifactLocation(t *testing.T) {
	for _, tc := range []struct{ file, uri, base string }{
		{"stack.yaml", "stack.yaml", "%SRCROOT%"},
		{"infra/a b/main.tf", "infra/a%20b/main.tf", "%SRCROOT%"},
		{"./infra//x.yaml", "infra/x.yaml", "%SRCROOT%"},
		{"c:d.yaml", "./c:d.yaml", "%SRCROOT%"},
		{"dir/100%.yaml", "dir/100%25.yaml", "%SRCROOT%"},
	} {
		got := artifactLocation(tc.file)
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("artifactLocation(%q) = %+v, want %s under %s", tc.file, got, tc.uri, tc.base)
		}
	}
	for _, file := range []string{"../other/x.tf", "/abs/x.tf"} {
		got := artifactLocation(file)
		if !strings.HasPrefix(got.URI, "file:///") || got.URIBaseID != "" || strings.Contains(got.URI, "..") {
			t.Errorf("artifactLocation(%q) = %+v, want an absolute file URI", file, got)
		}
	}
	if p := sarifPhysicalAt(model.Pos{File: "<stdin>", Line: 3}); p != nil {
		t.Errorf("stdin has a physical location: %+v", p)
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3": "1.2.3", "v0.4.0": "0.4.0", "0.1.0-dev": "0.1.0-dev", "v1.0.0+abc": "1.0.0+abc",
		"dev": "", "1.2": "", "(devel)": "", "1.x.3": "",
	} {
		if got := semanticVersion(in); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRuleName(t *testing.T) {
	for in, want := range map[string]string{"ecs-task/secrets-in-env": "EcsTaskSecretsInEnv", "shipshape/ignore-reason": "ShipshapeIgnoreReason"} {
		if got := ruleName(in); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFOfRealScan validates the SARIF of a scan of the bundled demo
// stack with every registered rule, from the repository root (relative
// URIs) and from this directory (the files lie outside it: file URIs).
func TestSARIFOfRealScan(t *testing.T) {
	sch := compileSARIFSchema(t)
	for _, tc := range []struct{ dir, path, uri string }{
		{"../..", "examples", `"uri": "examples/`},
		{".", "../../examples", `"uri": "file:///`},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Chdir(tc.dir)
			res, err := scan.Run(scan.Options{Paths: []string{tc.path}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) == 0 {
				t.Fatal("the demo stack has no findings")
			}
			out := sarifOutput(t, res)
			if err := validate(sch, out); err != nil {
				t.Errorf("SARIF of a real scan does not validate: %v", err)
			}
			if !bytes.Contains(out, []byte(tc.uri)) {
				t.Errorf("no %s in the SARIF", tc.uri)
			}
		})
	}
}
