package ecrscan

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/shipshape/shipshape/internal/model"
)

// fakeECR answers DescribeImageScanFindings with the statuses given in
// turn, the last one for ever.
type fakeECR struct {
	mu       sync.Mutex
	statuses []string
	calls    []time.Time
}

func (f *fakeECR) DescribeImageScanFindings(_ context.Context, _ *ecr.DescribeImageScanFindingsInput, _ ...func(*ecr.Options)) (*ecr.DescribeImageScanFindingsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, time.Now())
	s := f.statuses[0]
	if len(f.statuses) > 1 {
		f.statuses = f.statuses[1:]
	}
	out := &ecr.DescribeImageScanFindingsOutput{ImageScanStatus: &ecrtypes.ImageScanStatus{Status: ecrtypes.ScanStatus(s)}}
	if s == "COMPLETE" {
		out.ImageScanFindings = &ecrtypes.ImageScanFindings{FindingSeverityCounts: map[string]int32{"CRITICAL": 1}}
	}
	return out, nil
}

func (f *fakeECR) StartImageScan(context.Context, *ecr.StartImageScanInput, ...func(*ecr.Options)) (*ecr.StartImageScanOutput, error) {
	return nil, &ecrtypes.LimitExceededException{Message: aws.String("one scan a day")}
}

func image(status string) *Image {
	return &Image{ECRImage: &model.ECRImage{Repository: "app", Digest: "sha256:1", ScanStatus: status, Meta: model.Meta{Live: &model.LiveInfo{Account: "123456789012"}}}, Action: Started}
}

// TestWaitBackoff checks the waits double between reads until COMPLETE.
func TestWaitBackoff(t *testing.T) {
	f := &fakeECR{statuses: []string{"IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "COMPLETE"}}
	img := image("IN_PROGRESS")
	wait(context.Background(), f, []*Image{img}, Options{Timeout: 10 * time.Second, Poll: 20 * time.Millisecond})
	if img.ScanStatus != "COMPLETE" || img.SeverityCounts["CRITICAL"] != 1 || len(f.calls) != 4 {
		t.Fatalf("status %s counts %v after %d reads", img.ScanStatus, img.SeverityCounts, len(f.calls))
	}
	first, last := f.calls[1].Sub(f.calls[0]), f.calls[3].Sub(f.calls[2])
	if first < 20*time.Millisecond || last < 3*first/2 {
		t.Errorf("waits %s then %s: want a growing backoff from 20ms", first, last)
	}
	if !img.Known() {
		t.Error("a COMPLETE scan is not known")
	}
}

// TestWaitTimeout checks that a scan still running at --timeout is left
// IN_PROGRESS (unknown, not passed), saying why.
func TestWaitTimeout(t *testing.T) {
	f := &fakeECR{statuses: []string{"IN_PROGRESS"}}
	img := image("IN_PROGRESS")
	start := time.Now()
	wait(context.Background(), f, []*Image{img}, Options{Timeout: 100 * time.Millisecond, Poll: 10 * time.Millisecond})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the wait took %s, beyond its 100ms timeout", took)
	}
	if img.Known() || img.ScanStatus != "IN_PROGRESS" || !strings.Contains(img.Note, "did not complete within --timeout 100ms") {
		t.Errorf("status %s, note %q", img.ScanStatus, img.Note)
	}
}

// TestStartLimit checks that ECR's one-scan-a-day refusal keeps the last
// result and says so.
func TestStartLimit(t *testing.T) {
	img := image("COMPLETE")
	img.Action = ""
	var res Result
	if start(context.Background(), &fakeECR{}, img, &res.Result, "eu-west-1") {
		t.Fatal("start reported a running scan")
	}
	if img.Action != Kept || !strings.Contains(img.Note, "one scan of an image a day") || img.ScanStatus != "COMPLETE" {
		t.Errorf("action %s note %q status %s", img.Action, img.Note, img.ScanStatus)
	}
}
