package awsit

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/shipshape/shipshape/internal/awsaudit"
	"github.com/shipshape/shipshape/internal/awstest"
	"github.com/shipshape/shipshape/internal/scan"
)

// The account the benchmark audits (issue 10, point 9).
const (
	benchClusters = 50
	benchServices = 200 // 4 a cluster
	benchFamilies = 150 // 2 revisions each: 300 task definitions
	benchRepos    = 300
	benchTotal    = benchClusters + benchServices + 2*benchFamilies + benchRepos
)

// parallel runs fn(0..n-1) on 16 workers and fails on the first error.
func parallel(b *testing.B, n int, fn func(i int) error) {
	b.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		b.Fatalf("seeding moto: %v", first)
	}
}

// seedLarge creates the benchmark's account with parallel SDK calls.
func seedLarge(b *testing.B, moto *awstest.Server) {
	ctx := context.Background()
	cfg := awstest.Config(moto.URL, region)
	cl := ecs.NewFromConfig(cfg)
	er := ecr.NewFromConfig(cfg)
	parallel(b, benchClusters, func(i int) error {
		_, err := cl.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String(fmt.Sprintf("c%02d", i)),
			Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}}})
		return err
	})
	// Revision 1 of every family, then revision 2 (revisions are numbered in order).
	for rev := 1; rev <= 2; rev++ {
		parallel(b, benchFamilies, func(i int) error {
			_, err := cl.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String(fmt.Sprintf("app%03d", i)),
				NetworkMode: ecstypes.NetworkModeAwsvpc, RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
				Cpu: aws.String("256"), Memory: aws.String("512"),
				ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("app"), Image: aws.String(fmt.Sprintf("public.ecr.aws/nginx/nginx:1.%d", rev)),
					Essential: aws.Bool(true), ReadonlyRootFilesystem: aws.Bool(true), User: aws.String("1000")}}})
			return err
		})
	}
	// Services use revision 1 of the first 150 families and revision 2 of
	// the first 50: 200 task definitions in use, 150 latest revisions.
	parallel(b, benchServices, func(i int) error {
		td := fmt.Sprintf("app%03d:1", i%benchFamilies)
		if i >= benchFamilies {
			td = fmt.Sprintf("app%03d:2", i-benchFamilies)
		}
		_, err := cl.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String(fmt.Sprintf("c%02d", i%benchClusters)),
			ServiceName: aws.String(fmt.Sprintf("s%03d", i)), TaskDefinition: aws.String(td), DesiredCount: aws.Int32(0)})
		return err
	})
	parallel(b, benchRepos, func(i int) error {
		_, err := er.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(fmt.Sprintf("team/r%03d", i))})
		return err
	})
}

// BenchmarkAuditLarge audits an account of 50 clusters, 200 services,
// 300 task definitions and 300 repositories on moto and reports the API
// calls per resource (the goal is at most 1.5) beside the wall time per
// audit. Run it with
//
//	go test -run '^$' -bench AuditLarge -benchtime 3x ./internal/awsit/
func BenchmarkAuditLarge(b *testing.B) {
	moto := awstest.Moto(b)
	start := time.Now()
	seedLarge(b, moto)
	b.Logf("seeded %d resources in %v", benchTotal, time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	var rec *awstest.Recorder
	findings := 0
	for b.Loop() {
		rec = &awstest.Recorder{}
		res, err := awsaudit.Run(ctx, awstest.Config(moto.URL, region, rec.Middleware), awsaudit.Options{Regions: []string{region}})
		if err != nil {
			b.Fatal(err)
		}
		r := scan.Check(res.States, res.Diagnostics, scan.Options{})
		for _, d := range r.Diagnostics {
			if d.Level == "error" {
				b.Fatalf("diagnostic: %s", d.Message)
			}
		}
		findings = len(r.Findings)
	}
	calls := rec.Calls()
	b.ReportMetric(float64(calls)/benchTotal, "calls/resource")
	b.ReportMetric(float64(calls), "calls/audit")
	counts := rec.Counts()
	actions := make([]string, 0, len(counts))
	for a := range counts {
		actions = append(actions, a)
	}
	sort.Slice(actions, func(i, j int) bool { return counts[actions[i]] > counts[actions[j]] })
	var top []string
	for _, a := range actions[:min(8, len(actions))] {
		top = append(top, fmt.Sprintf("%s %d", a, counts[a]))
	}
	b.Logf("%d resources, %d calls (%.2f a resource), %d findings; most called: %s", benchTotal, calls, float64(calls)/benchTotal, findings, strings.Join(top, ", "))
}
