package awsit

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/finding"
	_ "github.com/shipshape/shipshape/internal/rules/all" // every rule
	"github.com/shipshape/shipshape/internal/scan"
)

// audited is an in-process audit's findings and diagnostics.
type audited struct {
	findings []finding.Finding
	diags    []finding.Diagnostic
}

// auditVia audits region through endpoint (a double in front of moto),
// in process, with every rule.
func auditVia(t *testing.T, endpoint string) audited {
	t.Helper()
	cfg := awstest.Config(endpoint, region)
	res, err := awsaudit.Run(awstest.Ctx(t), cfg, awsaudit.Options{Regions: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	r := scan.Check(res.States, res.Diagnostics, scan.Options{})
	return audited{r.Findings, r.Diagnostics}
}

func (a audited) messages(rule string) []string {
	var out []string
	for _, f := range a.findings {
		if f.RuleID == rule {
			out = append(out, f.Message)
		}
	}
	return out
}

func (a audited) diag(substr string) bool {
	for _, d := range a.diags {
		if strings.Contains(d.Message, substr) {
			return true
		}
	}
	return false
}

// detector is a GetDetector answer as the GuardDuty API reference shows
// it (REST-JSON, lowerCamel members; createdAt and updatedAt are strings,
// a feature's updatedAt a timestamp in epoch seconds), with features.
func detector(features string) string {
	return `{"createdAt":"2026-01-10T08:00:00.000Z","findingPublishingFrequency":"SIX_HOURS",` +
		`"serviceRole":"arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",` +
		`"status":"ENABLED","updatedAt":"2026-11-02T10:00:00.000Z",` +
		`"dataSources":{"cloudTrail":{"status":"ENABLED"},"dnsLogs":{"status":"ENABLED"},"flowLogs":{"status":"ENABLED"},"s3Logs":{"status":"DISABLED"},` +
		`"kubernetes":{"auditLogs":{"status":"DISABLED"}}},"tags":{},` +
		`"features":[{"name":"CLOUD_TRAIL","status":"ENABLED","updatedAt":1.7620644E9},{"name":"DNS_LOGS","status":"ENABLED","updatedAt":1.7620644E9},` +
		`{"name":"FLOW_LOGS","status":"ENABLED","updatedAt":1.7620644E9},{"name":"S3_DATA_EVENTS","status":"DISABLED","updatedAt":1.7620644E9},` +
		`{"name":"EKS_AUDIT_LOGS","status":"DISABLED","updatedAt":1.7620644E9},{"name":"EBS_MALWARE_PROTECTION","status":"DISABLED","updatedAt":1.7620644E9},` +
		`{"name":"RDS_LOGIN_EVENTS","status":"DISABLED","updatedAt":1.7620644E9},{"name":"LAMBDA_NETWORK_LOGS","status":"DISABLED","updatedAt":1.7620644E9}` +
		features + `]}`
}

func runtimeMonitoring(status, fargate string) string {
	return `,{"name":"RUNTIME_MONITORING","status":"` + status + `","updatedAt":1.7620644E9,"additionalConfiguration":[` +
		`{"name":"EKS_ADDON_MANAGEMENT","status":"DISABLED","updatedAt":1.7620644E9},` +
		`{"name":"ECS_FARGATE_AGENT_MANAGEMENT","status":"` + fargate + `","updatedAt":1.7620644E9},` +
		`{"name":"EC2_AGENT_MANAGEMENT","status":"DISABLED","updatedAt":1.7620644E9}]}`
}

// accountStatus is a BatchGetAccountStatus answer as the Inspector2 API
// reference shows it.
func accountStatus(state, ecr string) string {
	res := func(s string) string { return `{"status":"` + s + `"}` }
	return `{"accounts":[{"accountId":"123456789012","state":` + res(state) + `,"resourceState":{"ec2":` + res("DISABLED") +
		`,"ecr":` + res(ecr) + `,"lambda":` + res("DISABLED") + `,"lambdaCode":` + res("DISABLED") + `,"codeRepository":` + res("DISABLED") + `}}],"failedAccounts":[]}`
}

// TestAuditGuardDutyInspectorDoubles runs the GuardDuty and Inspector
// rules on answers shaped as AWS gives them, which moto cannot serve
// (it returns only the features it was given, and no Inspector defaults).
func TestAuditGuardDutyInspectorDoubles(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	cases := []struct {
		name, features, inspector string
		guardduty, inspectorMsg   string // "" = no finding
	}{
		{"covered", runtimeMonitoring("ENABLED", "ENABLED"), accountStatus("ENABLED", "ENABLED"), "", ""},
		{"fargate agent off", runtimeMonitoring("ENABLED", "DISABLED"), accountStatus("ENABLED", "ENABLED"), "ECS_FARGATE_AGENT_MANAGEMENT is not ENABLED", ""},
		{"runtime off", runtimeMonitoring("DISABLED", "ENABLED"), accountStatus("ENABLED", "DISABLED"), "RUNTIME_MONITORING is not ENABLED", "does not scan ECR"},
		{"eks only", `,{"name":"EKS_RUNTIME_MONITORING","status":"ENABLED","updatedAt":1.7620644E9,"additionalConfiguration":[{"name":"EKS_ADDON_MANAGEMENT","status":"ENABLED","updatedAt":1.7620644E9}]}`,
			accountStatus("DISABLED", "DISABLED"), "only EKS_RUNTIME_MONITORING is enabled", "does not scan ECR"},
		{"no runtime feature", "", accountStatus("ENABLED", "DISABLED"), "does not enable Runtime Monitoring", "does not scan ECR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := awstest.NewDouble(t, moto.URL)
			d.SetDetector("12abc34d567e8fa901bc2d34e56789f0", detector(c.features))
			d.SetInspector(c.inspector)
			a := auditVia(t, d.URL)
			for _, x := range []struct{ rule, want string }{{"guardduty/ecs-runtime", c.guardduty}, {"inspector/ecr-enabled", c.inspectorMsg}} {
				got := a.messages(x.rule)
				switch {
				case x.want == "" && len(got) > 0:
					t.Errorf("%s: unexpected %v", x.rule, got)
				case x.want != "" && (len(got) != 1 || !strings.Contains(got[0], x.want)):
					t.Errorf("%s: got %v, want one finding with %q", x.rule, got, x.want)
				}
			}
			if n := len(d.CallsOf("guardduty:GetDetector")); n != 1 {
				t.Errorf("%d GetDetector calls, want 1", n)
			}
			var body string
			if calls := d.CallsOf("inspector2:BatchGetAccountStatus"); len(calls) == 1 {
				body = string(calls[0].Body)
			}
			if body != `{"accountIds":["123456789012"]}` {
				t.Errorf("BatchGetAccountStatus request %q", body)
			}
		})
	}
}

// TestAuditDeniedGuardDutyInspector: denied calls of the doubled services
// become missing-permission entries, the rules stay silent rather than
// guess, and the rest of the account is still audited.
func TestAuditDeniedGuardDutyInspector(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	d := awstest.NewDouble(t, moto.URL)
	d.SetDetector("12abc34d567e8fa901bc2d34e56789f0", detector(""))
	d.SetInspector(accountStatus("ENABLED", "DISABLED"))
	d.Deny("guardduty:ListDetectors")
	d.Deny("inspector2:BatchGetAccountStatus")
	a := auditVia(t, d.URL)
	for _, want := range []string{
		"missing permission guardduty:ListDetectors in eu-west-1 (account 123456789012): GuardDuty detectors not checked",
		"missing permission inspector2:BatchGetAccountStatus in eu-west-1 (account 123456789012): Amazon Inspector's status not checked",
	} {
		if !a.diag(want) {
			t.Errorf("no diagnostic %q in %+v", want, a.diags)
		}
	}
	if len(a.messages("ecs-task/privileged")) == 0 {
		t.Error("the audit did not go on past the denied calls")
	}
	for _, f := range a.findings {
		if strings.Contains(f.Message, awstest.AccessKeyID) {
			t.Errorf("finding holds the access key: %s", f.Message)
		}
	}
}
