package awsit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/execaudit"
)

// readmePolicy returns the actions of the README's IAM policy for name.
func readmePolicy(t *testing.T, name string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- iam-policy: "+name+" -->\n```json\n")
	if !ok {
		t.Fatalf("README has no IAM policy block for %s", name)
	}
	doc, _, _ := strings.Cut(rest, "```")
	var pol struct{ Statement []struct{ Action []string } }
	if err := json.Unmarshal([]byte(doc), &pol); err != nil {
		t.Fatalf("README policy %s: %v", name, err)
	}
	out := map[string]bool{}
	for _, s := range pol.Statement {
		for _, a := range s.Action {
			out[a] = true
		}
	}
	return out
}

// TestAuditActionsInPolicy records every API action the audit calls
// against a seeded account and checks each is in the README's policy.
func TestAuditActionsInPolicy(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	rec := &awstest.Recorder{}
	cfg := awstest.Config(moto.URL, region, rec.Middleware)
	if _, err := awsaudit.Run(context.Background(), cfg, awsaudit.Options{Regions: []string{"all"}}); err != nil {
		t.Fatal(err)
	}
	policy := readmePolicy(t, "audit")
	if len(rec.Actions()) < 20 {
		t.Fatalf("only %d actions recorded: %v", len(rec.Actions()), rec.Actions())
	}
	for _, a := range rec.Actions() {
		if !policy[a] {
			t.Errorf("the audit calls %s, which the README's IAM policy does not allow", a)
		}
		if !readOnly(a) {
			t.Errorf("the audit calls %s, which is not a read action", a)
		}
	}
}

// readOnly reports whether an action only reads.
func readOnly(action string) bool {
	_, op, _ := strings.Cut(action, ":")
	for _, p := range []string{"Describe", "List", "Get", "BatchGet", "AssumeRole", "LookupEvents"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// TestAuditAccessDenied puts a loopback proxy in front of moto that denies
// ecr:DescribeRepositories: the audit names the missing permission and
// still reports the ECS findings. The proxy's error answer carries the
// access key, as some AWS errors do, which must not reach any output.
func TestAuditAccessDenied(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	target, _ := url.Parse(moto.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".DescribeRepositories") {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/audit/` + awstest.AccessKeyID + ` is not authorized to perform: ecr:DescribeRepositories"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	for _, format := range []string{"json", "text", "sarif", "junit", "markdown"} {
		out, stderr, code := run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", srv.URL, "--region", region, "--format", format)
		if code != 1 {
			t.Fatalf("%s: exit code %d, want 1\n%s\n%s", format, code, stderr, out)
		}
		for _, planted := range []string{awstest.AccessKeyID, awstest.SecretAccessKey, awstest.SessionToken, awstest.PlantedSecret} {
			if strings.Contains(out+stderr, planted) {
				t.Errorf("%s output holds the planted secret %q", format, planted)
			}
		}
		if format == "json" {
			r := parseReport(t, out)
			found := false
			for _, d := range r.Diagnostics {
				found = found || strings.Contains(d.Message, "missing permission ecr:DescribeRepositories in eu-west-1")
			}
			if !found {
				t.Errorf("no missing-permission diagnostic:\n%s", r.list())
			}
			if !r.has("ecs-task/privileged", ":task-definition/web:1") || r.has("ecr/tag-immutability", "") {
				t.Errorf("the audit did not go on past the denied call, or read ECR anyway:\n%s", r.list())
			}
		}
	}
}

// TestEndpointRefusedOverHTTP checks that plain HTTP is refused off loopback.
func TestEndpointRefusedOverHTTP(t *testing.T) {
	_, stderr, code := run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", "http://user:pw@example.com:5000/?token=x", "--region", region)
	if code != 2 || !strings.Contains(stderr, "plain HTTP") || strings.Contains(stderr, "pw@") || strings.Contains(stderr, "token=x") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestExecAuditActionsInPolicy records the actions exec-audit calls with
// --region all (Regions from moto, events from the LookupEvents double)
// and checks each is in the README's exec-audit policy.
func TestExecAuditActionsInPolicy(t *testing.T) {
	moto := awstest.Moto(t)
	d := awstest.NewDouble(t, moto.URL)
	d.SetEvents(50, execRecords(time.Now())...)
	rec := &awstest.Recorder{}
	cfg := awstest.Config(d.URL, region, rec.Middleware)
	ctx := context.Background()
	regions, err := awsaudit.Regions(ctx, cfg, []string{"all"})
	if err != nil || len(regions) < 10 {
		t.Fatalf("regions %v: %v", regions, err)
	}
	read := execaudit.Lookup(ctx, cfg, regions[:2], execaudit.LookupOptions{Start: time.Now().Add(-time.Hour * 24), End: time.Now(), Interval: time.Millisecond})
	if len(read.Diagnostics) > 0 || len(read.Events) == 0 {
		t.Fatalf("events %d, diagnostics %+v", len(read.Events), read.Diagnostics)
	}
	policy := readmePolicy(t, "exec-audit")
	for _, a := range rec.Actions() {
		if !policy[a] {
			t.Errorf("exec-audit calls %s, which the README's exec-audit policy does not allow", a)
		}
		if !readOnly(a) {
			t.Errorf("exec-audit calls %s, which is not a read action", a)
		}
	}
	if !slices.Contains(rec.Actions(), "cloudtrail:LookupEvents") || !slices.Contains(rec.Actions(), "ec2:DescribeRegions") {
		t.Errorf("actions recorded: %v", rec.Actions())
	}
}
