package awsit

import (
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestAuditRunningTasks covers running tasks and the images they run:
// ecr/critical-findings names the running task, and ecr/stale-image
// reports the running image once it is older than stale_image_days (the
// audit is judged 60 days on). moto's task answers need FixMotoTasks; the
// collector without it reports the failed call, never a silent pass.
func TestAuditRunningTasks(t *testing.T) {
	moto := awstest.Moto(t)
	awstest.Seed(t, moto, region)
	taskARN := awstest.SeedRunningTask(t, moto, region)
	taskID := taskARN[strings.LastIndex(taskARN, "/")+1:]

	res, err := awsaudit.Run(awstest.Ctx(t), awstest.Config(moto.URL, region, awstest.FixMotoTasks), awsaudit.Options{Regions: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	r := scan.Check(res.States, res.Diagnostics, scan.Options{Settings: &rule.Settings{Now: time.Now().Add(60 * 24 * time.Hour)}})
	a := audited{r.Findings, r.Diagnostics}
	for _, d := range a.diags {
		t.Errorf("diagnostic: %s", d.Message)
	}
	stale := a.messages("ecr/stale-image")
	if len(stale) != 1 || !strings.Contains(stale[0], "image app:v1") || !strings.Contains(stale[0], "running task "+taskID) || !strings.Contains(stale[0], "more than 30") {
		t.Errorf("ecr/stale-image: %v", stale)
	}
	crit := a.messages("ecr/critical-findings")
	if len(crit) != 1 || !strings.Contains(crit[0], "running task "+taskID) || !strings.Contains(crit[0], "service web") {
		t.Errorf("ecr/critical-findings: %v", crit)
	}

	// Without the fix the SDK cannot decode moto's answer: a clear error.
	res, err = awsaudit.Run(awstest.Ctx(t), awstest.Config(moto.URL, region), awsaudit.Options{Regions: []string{region}})
	if err != nil {
		t.Fatal(err)
	}
	failed := false
	for _, d := range res.Diagnostics {
		failed = failed || (d.Level == "error" && strings.Contains(d.Message, "ecs:DescribeTasks in eu-west-1 (account 123456789012) failed"))
	}
	if !failed {
		t.Errorf("no error for the undecodable DescribeTasks answer: %+v", res.Diagnostics)
	}

	// The built binary, through the double that fixes moto's task answers.
	d := awstest.NewDouble(t, moto.URL)
	out, stderr, code := run(t, t.TempDir(), nil, "aws", "audit", "--endpoint-url", d.URL, "--region", region, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s\n%s", code, stderr, out)
	}
	rep := parseReport(t, out)
	found := false
	for _, f := range rep.Findings {
		found = found || (f.Rule == "ecr/critical-findings" && strings.Contains(f.Message, "running task "+taskID))
	}
	if !found {
		t.Errorf("the binary's audit does not name the running task:\n%s", rep.list())
	}
}
