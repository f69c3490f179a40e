package awsit

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/shipshape/shipshape/internal/awstest"
)

// Digests of the images the ECR scan tests push.
var (
	digestV1 = "sha256:" + strings.Repeat("a1", 32)
	digestV2 = "sha256:" + strings.Repeat("b2", 32)
	digestV3 = "sha256:" + strings.Repeat("c3", 32)
	digestEn = "sha256:" + strings.Repeat("e4", 32)
)

// plantedHook is the secret part of the webhook URLs the tests use.
const plantedHook = "/services/T0PLANTED/B0PLANTED/PLANTEDhookSECRET0123"

// seedECR creates repositories "app" (v1 with CRITICAL findings, v2 with
// only LOW ones, v3 whose scan FAILS) and "enhanced" (one image, whose
// Inspector findings the proxy answers), none of them scanned yet. moto's
// canned scan results are returned once a scan has been started;
// imageScanCompletedAt is posted as the JSON protocol's epoch seconds.
func seedECR(t *testing.T, moto *awstest.Server) {
	t.Helper()
	ctx := context.Background()
	er := ecr.NewFromConfig(awstest.Config(moto.URL, region))
	for _, repo := range []string{"app", "enhanced"} {
		if _, err := er.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(repo)}); err != nil {
			t.Fatal(err)
		}
	}
	push := func(repo, tag, digest string) {
		manifest := `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:` + strings.Repeat("0"+tag[1:], 64)[:64] + `"},"layers":[]}`
		if _, err := er.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageTag: aws.String(tag), ImageManifest: aws.String(manifest), ImageDigest: aws.String(digest)}); err != nil {
			t.Fatal(err)
		}
	}
	push("app", "v1", digestV1)
	push("app", "v2", digestV2)
	push("app", "v3", digestV3)
	push("enhanced", "v1", digestEn)
	now := time.Now().Unix()
	result := func(tag, digest, status, findings string) string {
		return fmt.Sprintf(`{"registryId":"%s","repositoryName":"app","imageId":{"imageDigest":"%s"},"imageScanStatus":{"status":"%s"},"imageScanFindings":{"imageScanCompletedAt":%d,%s}}`,
			awstest.Account, digest, status, now, findings)
	}
	moto.Post(t, "/moto-api/static/ecr/scan-finding-results", `{"region":"`+region+`","account_id":"`+awstest.Account+`","results":[`+
		result("v1", digestV1, "COMPLETE", `"findingSeverityCounts":{"CRITICAL":2,"HIGH":1},"findings":[{"name":"CVE-2024-0001","severity":"CRITICAL","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0001","attributes":[{"key":"package_name","value":"openssl"}]},{"name":"CVE-2024-0002","severity":"CRITICAL","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0002","attributes":[]},{"name":"CVE-2024-0003","severity":"HIGH","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0003","attributes":[]}]`)+","+
		result("v2", digestV2, "COMPLETE", `"findingSeverityCounts":{"LOW":1},"findings":[{"name":"CVE-2024-0009","severity":"LOW","uri":"https://nvd.nist.gov/vuln/detail/CVE-2024-0009","attributes":[]}]`)+","+
		result("v3", digestV3, "FAILED", `"findings":[]`)+`]}`)
}

// enhancedFindings is DescribeImageScanFindings for an image of a registry
// with enhanced scanning, shaped as the Amazon ECR API reference documents.
var enhancedFindings = `{"registryId":"123456789012","repositoryName":"enhanced","imageId":{"imageDigest":"` + digestEn + `","imageTag":"v1"},
"imageScanStatus":{"status":"ACTIVE","description":"Continuous scan is selected for image."},
"imageScanFindings":{"imageScanCompletedAt":1765000000,"vulnerabilitySourceUpdatedAt":1765000000,"findingSeverityCounts":{"HIGH":1,"MEDIUM":1},
"enhancedFindings":[
{"awsAccountId":"123456789012","description":"A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so.","findingArn":"arn:aws:inspector2:eu-west-1:123456789012:finding/0a1b2c3d4e5f","firstObservedAt":1764000000,"lastObservedAt":1765000000,
 "packageVulnerabilityDetails":{"cvss":[{"baseScore":7.8,"scoringVector":"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H","source":"NVD","version":"3.1"}],"referenceUrls":["https://www.qualys.com/2023/10/03/cve-2023-4911/looney-tunables-local-privilege-escalation-glibc-ld-so.txt"],"relatedVulnerabilities":[],"source":"NVD","sourceUrl":"https://nvd.nist.gov/vuln/detail/CVE-2023-4911","vendorCreatedAt":1696350000,"vendorSeverity":"HIGH","vulnerabilityId":"CVE-2023-4911","vulnerablePackages":[{"arch":"X86_64","epoch":0,"name":"glibc","packageManager":"OS","release":"0ubuntu1","sourceLayerHash":"sha256:` + strings.Repeat("f", 64) + `","version":"2.35"}]},
 "remediation":{"recommendation":{"text":"None Provided"}},
 "resources":[{"details":{"awsEcrContainerImage":{"architecture":"amd64","imageHash":"` + digestEn + `","imageTags":["v1"],"platform":"UBUNTU_22_04","pushedAt":1764000000,"registry":"123456789012","repositoryName":"enhanced"}},"id":"arn:aws:ecr:eu-west-1:123456789012:repository/enhanced/` + digestEn + `","type":"AWS_ECR_CONTAINER_IMAGE"}],
 "score":7.8,"severity":"HIGH","status":"ACTIVE","title":"CVE-2023-4911 - glibc","type":"PACKAGE_VULNERABILITY","updatedAt":1765000000},
{"awsAccountId":"123456789012","description":"A flaw in curl.","findingArn":"arn:aws:inspector2:eu-west-1:123456789012:finding/6a7b8c9d","firstObservedAt":1764000000,"lastObservedAt":1765000000,
 "packageVulnerabilityDetails":{"source":"UBUNTU_CVE","sourceUrl":"https://ubuntu.com/security/CVE-2023-38546","vulnerabilityId":"CVE-2023-38546","vulnerablePackages":[{"name":"curl","version":"7.81.0"}]},
 "score":3.7,"severity":"MEDIUM","status":"ACTIVE","title":"CVE-2023-38546 - curl","type":"PACKAGE_VULNERABILITY","updatedAt":1765000000}]}}`

// The answers of the ECS double: a cluster with one running task that uses
// app:v1 and enhanced:v1 (moto answers RunTask with awsvpc with a 500 and
// its DescribeTasks does not decode in Go), shaped as the Amazon ECS API
// reference documents.
var (
	ecsClusters = `{"clusterArns":["arn:aws:ecs:eu-west-1:123456789012:cluster/prod"]}`
	ecsTasks    = `{"taskArns":["arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef"]}`
	ecsDescribe = `{"failures":[],"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef","clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
"taskDefinitionArn":"arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3","group":"service:web","lastStatus":"RUNNING","desiredStatus":"RUNNING","launchType":"FARGATE","cpu":"256","memory":"512",
"containers":[
 {"containerArn":"arn:aws:ecs:eu-west-1:123456789012:container/prod/0123/1","name":"web","image":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1","imageDigest":"` + digestV1 + `","lastStatus":"RUNNING","cpu":"0","memory":"512"},
 {"containerArn":"arn:aws:ecs:eu-west-1:123456789012:container/prod/0123/2","name":"sidecar","image":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/enhanced:v1","imageDigest":"` + digestEn + `","lastStatus":"RUNNING"},
 {"containerArn":"arn:aws:ecs:eu-west-1:123456789012:container/prod/0123/3","name":"proxy","image":"public.ecr.aws/nginx/nginx:1.27","lastStatus":"RUNNING"}]}]}`
)

// scanDouble puts the AWS double in front of moto: it answers the ECS
// calls with a running task and the enhanced repository's findings
// itself, and passes the rest to moto. It records every call.
func scanDouble(t *testing.T, moto *awstest.Server) *awstest.Double {
	t.Helper()
	d := awstest.NewDouble(t, moto.URL)
	d.Answer("ecs:ListClusters", "", ecsClusters)
	d.Answer("ecs:ListTasks", "", ecsTasks)
	d.Answer("ecs:DescribeTasks", "", ecsDescribe)
	d.Answer("ecr:DescribeImageScanFindings", `"enhanced"`, enhancedFindings)
	t.Cleanup(func() {
		for _, c := range d.CallsOf("ecr:StartImageScan") {
			if strings.Contains(string(c.Body), `"enhanced"`) {
				t.Errorf("a basic scan was started on an image with enhanced scanning (ACTIVE)")
			}
		}
	})
	return d
}

// actions lists the actions of calls, each once.
func actions(calls []awstest.Call) map[string]bool {
	out := map[string]bool{}
	for _, c := range calls {
		out[c.Action] = true
	}
	return out
}

// row returns the table row of an image.
func row(t *testing.T, out, image string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[1] == image {
			return f
		}
	}
	t.Fatalf("no row for %s in:\n%s", image, out)
	return nil
}

func TestECRScanTags(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	p := scanDouble(t, moto)
	dir := t.TempDir()
	out, stderr, code := run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--tag", "v1", "--tag", "v2")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (CRITICAL findings)\n%s\n%s", code, out, stderr)
	}
	if r := row(t, out, "app:v1"); strings.Join(r[3:9], " ") != "COMPLETE 2 1 0 0 0" || r[9] != "started" {
		t.Errorf("app:v1 row %q", r)
	}
	if r := row(t, out, "app:v2"); strings.Join(r[3:9], " ") != "COMPLETE 0 0 0 1 0" {
		t.Errorf("app:v2 row %q", r)
	}
	for _, want := range []string{"CRITICAL CVE-2024-0001 in openssl https://nvd.nist.gov/vuln/detail/CVE-2024-0001", "2 images: 1 with findings at or above CRITICAL, 0 unknown", "1 passed"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Few calls: one DescribeImages for both tags, one start and two
	// reads of findings per image (before the start, and once it is done).
	for action, want := range map[string]int{"sts:GetCallerIdentity": 1, "ecr:DescribeImages": 1, "ecr:StartImageScan": 2, "ecr:DescribeImageScanFindings": 4} {
		if n := len(p.CallsOf(action)); n != want {
			t.Errorf("%d calls of %s, want %d", n, action, want)
		}
	}
	if n := len(p.Calls()); n != 8 {
		t.Errorf("%d calls for 2 images, want 8", n)
	}
	// A second run the same day reuses the results (ECR allows one scan a
	// day) and starts nothing.
	out, stderr, code = run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--tag", "v2", "--fail-on", "low")
	if code != 1 || row(t, out, "app:v2")[9] != "reused" || len(p.CallsOf("ecr:StartImageScan")) != 2 {
		t.Errorf("second run: exit %d, %d scans started\n%s\n%s", code, len(p.CallsOf("ecr:StartImageScan")), out, stderr)
	}
	out, stderr, code = run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--tag", "v2", "--fail-on", "high")
	if code != 0 {
		t.Errorf("--fail-on high with a LOW finding: exit %d\n%s\n%s", code, out, stderr)
	}
	// --fail-on none reports and never fails on findings.
	if _, stderr, code = run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--tag", "v1", "--fail-on", "none"); code != 0 {
		t.Errorf("--fail-on none: exit %d\n%s", code, stderr)
	}
	// A missing tag is an error, not a pass.
	_, stderr, code = run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--tag", "nope")
	if code != 2 || !strings.Contains(stderr, "repository app in eu-west-1 has no image nope") {
		t.Errorf("missing tag: exit %d\n%s", code, stderr)
	}
}

// TestECRScanUnknown checks that a FAILED scan is shown as unknown and
// fails the run with exit 2, never passing it.
func TestECRScanUnknown(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	out, stderr, code := run(t, t.TempDir(), nil, "aws", "ecr-scan", "--endpoint-url", moto.URL, "--region", region, "--repository", "app", "--tag", "v3")
	if code != 2 || row(t, out, "app:v3")[3] != "UNKNOWN" || !strings.Contains(out, "1 unknown (scan not COMPLETE or ACTIVE: not a pass)") || !strings.Contains(stderr, "UNKNOWN is not a pass") {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestECRScanRunning scans the images the running task uses: the basic
// scan of app:v1 is started, the enhanced (Inspector) findings of
// enhanced:v1 are read without starting a scan, and the public image is
// left alone. It also checks the JSON and SARIF reports, and sends the
// summary to a webhook and an SNS topic.
func TestECRScanRunning(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	p := scanDouble(t, moto)
	var hookBodies []string
	var mu sync.Mutex
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hookBodies = append(hookBodies, string(b))
		mu.Unlock()
	}))
	defer hook.Close()
	topic, delivered := awstest.Topic(t, moto, region, "scan-alerts")
	dir := t.TempDir()
	out, stderr, code := run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--running", "--fail-on", "high",
		"--notify", "webhook:"+hook.URL+plantedHook, "--notify", "sns:"+topic)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr)
	}
	if r := row(t, out, "app:v1"); r[9] != "started" {
		t.Errorf("app:v1 row %q", r)
	}
	if r := row(t, out, "enhanced:v1"); strings.Join(r[3:9], " ") != "ACTIVE 0 1 1 0 0" || r[9] != "reused" {
		t.Errorf("enhanced:v1 row %q", r)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"HIGH CVE-2023-4911 in glibc https://nvd.nist.gov/vuln/detail/CVE-2023-4911", "2 images: 2 with findings at or above HIGH"} {
		if !strings.Contains(flat, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "nginx") {
		t.Errorf("the public image was scanned:\n%s", out)
	}
	if len(hookBodies) != 1 || !strings.Contains(hookBodies[0], "2 of 2 images with findings at or above HIGH") || !strings.Contains(hookBodies[0], "CVE-2023-4911") {
		t.Errorf("webhook got %q", hookBodies)
	}
	select {
	case m := <-delivered:
		if !strings.Contains(fmt.Sprint(m["Subject"]), "2 of 2 images") {
			t.Errorf("SNS delivered %v", m)
		}
	case <-time.After(20 * time.Second):
		t.Error("nothing published to the SNS topic")
	}
	for _, format := range []string{"json", "sarif"} {
		out, stderr, code := run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--running", "--fail-on", "high", "-f", format)
		if code != 1 {
			t.Fatalf("%s: exit %d\n%s\n%s", format, code, out, stderr)
		}
		if format == "json" {
			r := parseReport(t, out)
			if !r.has("ecr/critical-findings", "repository/app@"+digestV1) || !r.has("ecr/critical-findings", "repository/enhanced@"+digestEn) {
				t.Errorf("JSON findings:\n%s", r.list())
			}
		} else if !strings.Contains(out, `"ruleId": "ecr/critical-findings"`) || !strings.Contains(out, "aws/123456789012/eu-west-1/ecr/image/") {
			t.Errorf("SARIF:\n%s", out)
		}
	}
}

// TestECRScanSecretsMasked plants credentials in the environment and in
// the AccessDenied answer to ecr:StartImageScan (as some AWS errors carry
// the access key), and a secret webhook URL that answers with an error
// echoing its path: no output, in any format, shows them. The denied
// start is a missing permission, and the image stays unknown.
func TestECRScanSecretsMasked(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	d := awstest.NewDouble(t, moto.URL)
	d.Deny("ecr:StartImageScan")
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "invalid token for "+r.URL.String())
	}))
	defer hook.Close()
	for _, format := range []string{"text", "json", "sarif", "junit", "markdown"} {
		out, stderr, code := run(t, t.TempDir(), nil, "aws", "ecr-scan", "--endpoint-url", d.URL, "--region", region, "--repository", "app", "--tag", "v2",
			"-f", format, "--notify", "webhook:"+hook.URL+plantedHook)
		if code != 2 || !strings.Contains(stderr, "answered 403") || !strings.Contains(out+stderr, "missing permission ecr:StartImageScan in eu-west-1") {
			t.Errorf("%s: exit %d, want 2 (the notification failed), and the missing permission named\n%s\n%s", format, code, out, stderr)
		}
		for _, planted := range []string{awstest.AccessKeyID, awstest.SecretAccessKey, awstest.SessionToken, "PLANTED"} {
			if strings.Contains(out+stderr, planted) {
				t.Errorf("%s output holds the planted secret %q:\n%s\n%s", format, planted, out, stderr)
			}
		}
	}
	// A webhook URL given without https is refused, masked.
	_, stderr, code := run(t, t.TempDir(), nil, "aws", "ecr-scan", "--endpoint-url", moto.URL, "--region", region, "--running", "--notify", "webhook:http://hooks.example.com"+plantedHook)
	if code != 2 || strings.Contains(stderr, "PLANTED") || !strings.Contains(stderr, "use https") {
		t.Errorf("http webhook: exit %d: %s", code, stderr)
	}
}

// TestECRScanActionsInPolicy records, through the proxy, every API action
// the ecr-scan binary calls (with --running, --all-tags and --notify sns)
// and checks each is in the README's ecr-scan policy, and that the only
// writes are ecr:StartImageScan and sns:Publish.
func TestECRScanActionsInPolicy(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	p := scanDouble(t, moto)
	topic, _ := awstest.Topic(t, moto, region, "scan-alerts")
	before := len(p.Calls()) // the test's own calls do not count
	dir := t.TempDir()
	run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--running", "--notify", "sns:"+topic)
	run(t, dir, nil, "aws", "ecr-scan", "--endpoint-url", p.URL, "--region", region, "--repository", "app", "--all-tags")
	policy := readmePolicy(t, "ecr-scan")
	got := actions(p.Calls()[before:])
	for _, want := range []string{"ecr:StartImageScan", "ecr:DescribeImageScanFindings", "ecr:ListImages", "ecs:DescribeTasks", "sns:Publish", "sts:GetCallerIdentity"} {
		if !got[want] {
			t.Errorf("%s was not called: %v", want, got)
		}
	}
	for a := range got {
		if !policy[a] {
			t.Errorf("ecr-scan calls %s, which the README's ecr-scan policy does not allow", a)
		}
		if !readOnly(a) && a != "ecr:StartImageScan" && a != "sns:Publish" {
			t.Errorf("ecr-scan calls %s, a write it does not declare", a)
		}
	}
	for a := range policy {
		if !got[a] {
			t.Errorf("the README's ecr-scan policy allows %s, which ecr-scan does not call", a)
		}
	}
}

// TestECRScanUsage checks the flag errors.
func TestECRScanUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "name the images"},
		{[]string{"--tag", "v1"}, "need --repository"},
		{[]string{"--repository", "app"}, "--repository needs --tag TAG, --all-tags or --running"},
		{[]string{"--repository", "app", "--tag", "v1", "--all-tags"}, "exclude each other"},
		{[]string{"--running", "--fail-on", "info"}, "want critical, high, medium, low or none"},
		{[]string{"--running", "--region", "all"}, "named Regions"},
		{[]string{"--running", "--notify", "slack:x"}, "want sns:TOPIC_ARN or webhook:URL"},
	} {
		_, stderr, code := run(t, t.TempDir(), nil, append([]string{"aws", "ecr-scan"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d: %s", tc.args, code, stderr)
		}
	}
}

var updateReadme = flag.Bool("update-readme", false, "rewrite the ecr-scan sample in README.md")

// TestECRScanReadme keeps the README's ecr-scan sample equal to what the
// command prints against moto (with --endpoint-url added); run
// go test ./internal/awsit -run Readme -update-readme after changing it.
func TestECRScanReadme(t *testing.T) {
	moto := awstest.Moto(t)
	seedECR(t, moto)
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const open, end = "<!-- ecr-scan-sample -->\n```console\n$ shipshape ", "```\n<!-- /ecr-scan-sample -->"
	before, rest, ok := strings.Cut(string(data), open)
	block, after, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatal("README.md has no ecr-scan sample block")
	}
	command, _, _ := strings.Cut(block, "\n")
	args := append(strings.Fields(command), "--endpoint-url", moto.URL)
	out, stderr, _ := run(t, t.TempDir(), nil, args...)
	want := command + "\n" + out
	if block == want {
		return
	}
	if !*updateReadme {
		t.Fatalf("the README's ecr-scan sample is out of date; run go test ./internal/awsit -run Readme -update-readme\n--- README\n%s\n--- now\n%s\n%s", block, want, stderr)
	}
	if err := os.WriteFile("../../README.md", []byte(before+open+want+end+after), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestECRScanMotoRunningTask runs ecr-scan --running on a task moto runs
// (through the double, which fixes moto's task answers): the task names
// its image by tag only, and Seed's scan of it is reused.
func TestECRScanMotoRunningTask(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	awstest.SeedRunningTask(t, moto, region)
	d := awstest.NewDouble(t, moto.URL)
	out, stderr, code := run(t, t.TempDir(), nil, "aws", "ecr-scan", "--endpoint-url", d.URL, "--region", region, "--running")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr)
	}
	if r := row(t, out, "app:v1"); strings.Join(r[3:9], " ") != "COMPLETE 2 1 0 0 0" || r[9] != "reused" {
		t.Errorf("app:v1 row %q\n%s", r, out)
	}
	if n := len(d.CallsOf("ecr:StartImageScan")); n != 0 {
		t.Errorf("%d scans started on an image scanned today", n)
	}
}
