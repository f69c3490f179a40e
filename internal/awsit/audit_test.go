package awsit

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/awstest"
)

const region = "eu-west-1"

func TestAuditMoto(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	out, stderr, code := run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", moto.URL, "--region", region, "--format", "json")
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (findings)\nstderr: %s\n%s", code, stderr, out)
	}
	r := parseReport(t, out)
	want := []struct{ rule, resource string }{
		{"ecs-exec/kms-key", ":cluster/insecure"},
		{"ecs-exec/log-encryption", ":cluster/insecure"},
		{"ecs-cluster/container-insights", ":cluster/insecure"},
		{"ecs-task/privileged", ":task-definition/web:1"},
		{"ecs-task/secrets-in-env", ":task-definition/web:1"},
		{"ecs-task/role-wildcard", ":role/app-task"},
		{"ecs-service/public-ip", ":service/insecure/web"},
		{"ecs-service/open-security-group", ""},
		{"ecr/public-access", ":repository/app"},
		{"ecr/tag-immutability", ":repository/app"},
		{"ecr/critical-findings", "repository/app@" + awstest.ImageDigest},
		{"trail/enabled", awstest.Account + "/" + region},
		{"data/ebs-encrypted", ":1"}, // the launch template's only version
		{"eks/public-endpoint", ":cluster/k8s"},
		{"eks/secrets-encryption", ":cluster/k8s"},
		{"eks/control-plane-logging", ":cluster/k8s"},
	}
	for _, w := range want {
		if !r.has(w.rule, w.resource) {
			t.Errorf("missing %s on ...%s; got:\n%s", w.rule, w.resource, r.list())
		}
	}
	notWant := []struct{ rule, resource string }{
		{"ecs-exec/kms-key", ":cluster/secure"},
		{"ecs-exec/log-encryption", ":cluster/secure"},
		{"ecs-cluster/container-insights", ":cluster/secure"},
		{"ecs-cluster/fargate-storage-cmk", ":cluster/secure"},
		{"ecr/tag-immutability", ":repository/locked"},
		{"ecr/scan-on-push", ":repository/locked"},
		{"ecr/kms-cmk", ":repository/locked"},
		{"ecr/lifecycle-policy", ":repository/locked"},
		{"ecs-exec/audit-alert", ""},
		{"guardduty/ecs-runtime", ""},
		{"ecr/stale-image", ""},
	}
	for _, w := range notWant {
		if r.has(w.rule, w.resource) {
			t.Errorf("unexpected %s on ...%s", w.rule, w.resource)
		}
	}
	for _, f := range r.Findings {
		if f.Account != awstest.Account || f.Region == "" || !strings.HasPrefix(f.File, "aws/"+awstest.Account+"/") {
			t.Errorf("finding %s on %s: account %q region %q file %q", f.Rule, f.Resource, f.Account, f.Region, f.File)
		}
		if f.Rule == "ecr/critical-findings" && (!strings.Contains(f.Message, "2 CRITICAL, 1 HIGH") || !strings.Contains(f.Message, "CVE-2024-0001") || f.Severity != "critical") {
			t.Errorf("critical-findings message: %s (%s)", f.Message, f.Severity)
		}
	}
	for _, d := range r.Diagnostics {
		if d.Level == "error" {
			t.Errorf("diagnostic: %s", d.Message)
		}
	}
}

// TestAuditSummaryAndRegions: the text summary counts the resources read
// in account Regions (not "1 file"); --region takes comma-separated names
// and refuses what is not a Region name, before any call.
func TestAuditSummaryAndRegions(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	out, stderr, code := run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", moto.URL, "--region", region+",us-east-1")
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (findings)\nstderr: %s\n%s", code, stderr, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, " resources in 2 account Regions") || strings.Contains(last, "file") {
		t.Errorf("summary line %q, want the resources read in 2 account Regions", last)
	}
	_, stderr, code = run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", moto.URL, "--region", "eu-west1")
	if code != 2 || !strings.Contains(stderr, `--region "eu-west1" is not a Region name`) {
		t.Errorf("--region eu-west1: exit code %d, stderr %q", code, stderr)
	}
}
