package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the writers' output")

// The report tests register their own rules, so the golden files do not
// change whenever a real rule's text does.
func init() {
	noop := func(*rule.Pass) {}
	rule.Register(&rule.Rule{
		ID: "test/secret-env", Title: "Secret in an environment variable", Phase: finding.PhaseRuntime, Severity: finding.High,
		Rationale: "Environment values are visible to anyone who can describe the task.",
		Remediation: map[model.Format]string{
			model.CloudFormation: "Secrets:\n  - Name: DB_PASSWORD\n    ValueFrom: arn:aws:ssm:eu-west-1:123456789012:parameter/db",
			model.TaskDefJSON:    `"secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/db"}]`,
		},
		Check: noop,
	})
	rule.Register(&rule.Rule{
		ID: "test/root-user", Title: "Runs as root", Phase: finding.PhaseImage, Severity: finding.Medium,
		Rationale: "A process running as root inside the container is root on the host when it escapes.",
		Remediation: map[model.Format]string{
			model.Dockerfile: "# a snippet with ``` inside\nUSER 10001",
		},
		Check: noop,
	})
	rule.Register(&rule.Rule{
		ID: "test/privileged", Title: "Privileged | container", Phase: finding.PhaseHost, Severity: finding.Critical,
		Rationale: "Privileged containers can do anything the host kernel allows.",
		Remediation: map[model.Format]string{
			model.Kubernetes: "securityContext:\n  privileged: false",
			model.Terraform:  "privileged = false",
		},
		Check: noop,
	})
	rule.Register(&rule.Rule{
		ID: "test/log-retention", Title: "Log retention", Phase: finding.PhaseRuntime, Severity: finding.Low,
		Rationale: "Logs kept forever cost money.", Check: noop,
	})
}

// fixture is a result that exercises every part of the writers: several
// phases and severities, a finding under a condition, Markdown and XML
// special characters, a finding from stdin, suppressions of both kinds and
// diagnostics of every level.
func fixture() *scan.Result {
	fp := func(f finding.Finding) finding.Finding { f.ComputeFingerprint(); return f }
	return &scan.Result{
		Files: 4, Rules: 4,
		Findings: []finding.Finding{
			fp(finding.Finding{
				RuleInfo: &finding.RuleInfo{Title: "Runs as root", Phase: finding.PhaseImage},
				Subject:  &finding.Subject{Resource: "final", ResourceType: "stage", Format: model.Dockerfile},
				RuleID:   "test/root-user",
				Severity: finding.Medium,
				Message:  "stage \"final\" runs as root; add USER 10001 after the last RUN",
				Pos:      model.Pos{File: "app/Dockerfile", Line: 12, Col: 1},
			}),
			fp(finding.Finding{
				RuleInfo:  &finding.RuleInfo{Title: "Secret in an environment variable", Phase: finding.PhaseRuntime},
				Subject:   &finding.Subject{Resource: "ApiTask", ResourceType: "AWS::ECS::TaskDefinition", Format: model.CloudFormation},
				RuleID:    "test/secret-env",
				Severity:  finding.High,
				Message:   "container \"api\": environment variable DB_PASSWORD holds a password (hu********); move it to secrets",
				Pos:       model.Pos{File: "stacks/api stack.yaml", Line: 18, Col: 15},
				Condition: "when IsProd is true",
			}),
			fp(finding.Finding{
				RuleInfo: &finding.RuleInfo{Title: "Secret in an environment variable", Phase: finding.PhaseRuntime},
				Subject:  &finding.Subject{Resource: "ApiTask", ResourceType: "AWS::ECS::TaskDefinition", Format: model.CloudFormation},
				RuleID:   "test/secret-env",
				Severity: finding.High,
				Message:  "container \"worker\": environment variable API_TOKEN holds a token (gh********); move it to secrets",
				Pos:      model.Pos{File: "stacks/api stack.yaml", Line: 30, Col: 15},
			}),
			fp(finding.Finding{
				RuleInfo: &finding.RuleInfo{Title: "Log retention", Phase: finding.PhaseRuntime},
				Subject:  &finding.Subject{Resource: "Logs", ResourceType: "AWS::Logs::LogGroup", Format: model.CloudFormation},
				RuleID:   "test/log-retention",
				Severity: finding.Low,
				Message:  "log group has no retention; set RetentionInDays",
				Pos:      model.Pos{File: "<stdin>", Line: 3},
			}),
			fp(finding.Finding{
				RuleInfo: &finding.RuleInfo{Title: "Privileged | container", Phase: finding.PhaseHost},
				Subject:  &finding.Subject{Resource: "Deployment/default/web", ResourceType: "Deployment", Format: model.Kubernetes},
				RuleID:   "test/privileged",
				Severity: finding.Critical,
				Message:  "container \"a|b\" is *privileged* <root>\nsecond line & `more`; set privileged: false",
				Pos:      model.Pos{File: "k8s/deploy.yaml", Line: 21, Col: 9},
			}),
		},
		Suppressed: []finding.Finding{
			fp(finding.Finding{
				RuleInfo:    &finding.RuleInfo{Title: "Runs as root", Phase: finding.PhaseImage},
				Subject:     &finding.Subject{Resource: "tools", ResourceType: "stage", Format: model.Dockerfile},
				RuleID:      "test/root-user",
				Severity:    finding.Medium,
				Message:     "stage \"tools\" runs as root; add USER 10001 after the last RUN",
				Pos:         model.Pos{File: "tools/Dockerfile", Line: 4},
				Suppression: &finding.Suppression{Kind: "inline", Reason: "build-only image, never deployed", Pos: model.Pos{File: "tools/Dockerfile", Line: 3}},
			}),
			fp(finding.Finding{
				RuleInfo:    &finding.RuleInfo{Title: "Privileged | container", Phase: finding.PhaseHost},
				Subject:     &finding.Subject{Resource: "DaemonSet/kube-system/agent", ResourceType: "DaemonSet", Format: model.Kubernetes},
				RuleID:      "test/privileged",
				Severity:    finding.Critical,
				Message:     "container \"agent\" is privileged; set privileged: false",
				Pos:         model.Pos{File: "k8s/agent.yaml", Line: 40},
				Suppression: &finding.Suppression{Kind: "baseline", Reason: "in baseline"},
			}),
		},
		Diagnostics: []finding.Diagnostic{
			{Pos: model.Pos{File: "broken.yaml", Line: 7}, Level: finding.LevelError, Message: "cannot parse: mapping values are not allowed here"},
			{Pos: model.Pos{File: "stacks/api stack.yaml", Line: 2}, Level: finding.LevelWarning, Message: "duplicate key \"Resources\""},
			{Pos: model.Pos{File: "main.tf"}, Level: finding.LevelNotice, Message: "remote module not checked"},
		},
	}
}

// clean is a result with nothing to report.
func clean() *scan.Result { return &scan.Result{Files: 2, Rules: 4} }

func TestGolden(t *testing.T) {
	results := map[string]*scan.Result{"fixture": fixture(), "clean": clean()}
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		for name, res := range results {
			t.Run(format+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, format, res, Options{Version: "1.2.3", ShowSuppressed: true}); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", name+"."+format+".golden"), buf.Bytes())
			})
		}
	}
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./internal/report -update and review the diff\n--- got\n%s", path, got)
	}
}
