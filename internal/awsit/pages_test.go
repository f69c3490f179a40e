package awsit

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/scan"
)

// seedMore adds a few resources of each listed kind beside Seed's, so that
// pages of one item make several pages.
func seedMore(t *testing.T, moto *awstest.Server) {
	t.Helper()
	ctx := awstest.Ctx(t)
	cfg := awstest.Config(moto.URL, region)
	cl := ecs.NewFromConfig(cfg)
	er := ecr.NewFromConfig(cfg)
	for i := range 3 {
		name := fmt.Sprintf("extra-%d", i)
		if _, err := cl.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		td, err := cl.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String(name),
			ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("app"), Image: aws.String("public.ecr.aws/nginx/nginx:1.27"), Memory: aws.Int32(256), Privileged: aws.Bool(true)}}})
		if err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			if _, err := cl.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("insecure"), ServiceName: aws.String(fmt.Sprintf("%s-svc-%d", name, j)),
				TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(0)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := er.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
		if _, err := eventbridge.NewFromConfig(cfg).PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), ScheduleExpression: aws.String("rate(1 day)")}); err != nil {
			t.Fatal(err)
		}
		if _, err := cloudwatchlogs.NewFromConfig(cfg).CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/" + name)}); err != nil {
			t.Fatal(err)
		}
	}
}

// findingKeys audits and lists "rule resource" of every finding, sorted,
// with the diagnostics.
func findingKeys(t *testing.T, cfg aws.Config) ([]string, []string) {
	t.Helper()
	res, err := awsaudit.Run(awstest.Ctx(t), cfg, awsaudit.Options{Regions: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	r := scan.Check(res.States, res.Diagnostics, scan.Options{})
	var keys, diags []string
	for _, f := range r.Findings {
		keys = append(keys, f.RuleID+" "+f.Resource)
	}
	for _, d := range r.Diagnostics {
		diags = append(diags, d.Level+": "+d.Message)
	}
	sort.Strings(keys)
	return keys, diags
}

// TestAuditReadsEveryPage audits with pages of one item and checks that
// it finds what an audit with full pages finds, through several pages of
// each list. moto honours Limit and MaxResults for EventBridge, CloudWatch
// Logs and EC2; for the ECS and ECR lists it returns everything, so the
// double cuts those into pages.
func TestAuditReadsEveryPage(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	seedMore(t, moto)
	want, diags := findingKeys(t, awstest.Config(moto.URL, region))
	if len(diags) > 0 {
		t.Fatalf("diagnostics with full pages: %v", diags)
	}
	d := awstest.NewDouble(t, moto.URL)
	for action, field := range map[string]string{
		"ecs:ListClusters": "clusterArns", "ecs:ListServices": "serviceArns", "ecs:ListTaskDefinitions": "taskDefinitionArns",
		"ecs:ListTasks": "taskArns", "ecr:DescribeRepositories": "repositories",
	} {
		d.Paginate(action, field)
	}
	rec := &awstest.Recorder{}
	got, diags := findingKeys(t, awstest.Config(d.URL, region, awstest.SmallPages(1), rec.Middleware))
	if len(diags) > 0 {
		t.Errorf("diagnostics with small pages: %v", diags)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings differ with pages of one item:\ngot  %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	counts := rec.Counts()
	for action, least := range map[string]int{
		"ecs:ListClusters": 5, "ecs:ListServices": 10, "ecs:ListTaskDefinitions": 4, "ecr:DescribeRepositories": 5,
		"events:ListRules": 4, "logs:DescribeLogGroups": 5,
	} {
		if counts[action] < least {
			t.Errorf("%s called %d times with pages of one item, want at least %d (every page)", action, counts[action], least)
		}
	}
}

// TestAuditRetriesThrottling throttles the first calls of several APIs
// (through the double in front of moto) and checks that the SDK's adaptive
// retry gets the same audit, with no diagnostic.
func TestAuditRetriesThrottling(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	want, _ := findingKeys(t, awstest.Config(moto.URL, region))
	d := awstest.NewDouble(t, moto.URL)
	throttled := []string{"ecs:ListClusters", "ecs:DescribeServices", "ecr:DescribeRepositories", "ecr:DescribeImages", "cloudtrail:DescribeTrails", "logs:DescribeLogGroups"}
	for _, a := range throttled {
		d.Throttle(a, 2)
	}
	got, diags := findingKeys(t, awstest.RetryingConfig(d.URL, region))
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings differ when throttled:\ngot  %v\nwant %v", got, want)
	}
	for _, a := range throttled {
		calls := d.CallsOf(a)
		if len(calls) < 3 || calls[0].Answer == 0 || calls[1].Answer == 0 || calls[len(calls)-1].Answer != 0 {
			t.Errorf("%s: %d calls; want two throttled answers, then moto's", a, len(calls))
		}
	}
}
