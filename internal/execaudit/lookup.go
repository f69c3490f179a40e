package execaudit

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/shipshape/shipshape/internal/awsconf"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/secrets"
)

// LookupOptions say what LookupEvents reads.
type LookupOptions struct {
	// Start and End bound the events' time.
	Start, End time.Time
	// Interval is the least time between two calls in one Region
	// (default 500ms: LookupEvents allows 2 calls a second per account and Region).
	Interval time.Duration
	// Secrets masks secret-looking words of commands (nil: secrets.Default).
	Secrets *secrets.Detector
	// Progress, when set, is told each page read.
	Progress func(region string, pages, events int)
}

// DefaultInterval keeps LookupEvents within its rate limit of 2 calls a
// second per account and Region.
const DefaultInterval = 500 * time.Millisecond

// MaxLookback is how far back LookupEvents reaches.
const MaxLookback = 90 * 24 * time.Hour

// Lookup reads the ExecuteCommand events of each Region through
// CloudTrail's LookupEvents, every page, Regions in parallel. A Region that
// cannot be read is an error diagnostic; the others are still read.
func Lookup(ctx context.Context, cfg aws.Config, regions []string, o LookupOptions) *Read {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Secrets == nil {
		o.Secrets = secrets.Default
	}
	parts := make([]*Read, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i] = lookupRegion(ctx, awsconf.WithRegion(cfg, region), o)
		}()
	}
	wg.Wait()
	out := &Read{}
	seen := map[string]bool{}
	for _, p := range parts {
		out.Diagnostics = append(out.Diagnostics, p.Diagnostics...)
		out.Records += p.Records
		for _, ev := range p.Events {
			if ev.ID == "" || !seen[ev.ID] {
				seen[ev.ID] = true
				out.Events = append(out.Events, ev)
			}
		}
	}
	return out
}

func lookupRegion(ctx context.Context, cfg aws.Config, o LookupOptions) *Read {
	r := &Read{}
	region := cfg.Region
	pos := model.Pos{File: "aws/" + region}
	cl := cloudtrail.NewFromConfig(cfg)
	in := &cloudtrail.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("ExecuteCommand")}},
		StartTime:        aws.Time(o.Start), EndTime: aws.Time(o.End), MaxResults: aws.Int32(50),
	}
	source := "cloudtrail:LookupEvents " + region
	var last time.Time
	for pages := 1; ; pages++ {
		if wait := o.Interval - time.Since(last); !last.IsZero() && wait > 0 {
			select {
			case <-ctx.Done():
				r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelError, Message: fmt.Sprintf("reading ExecuteCommand events in %s stopped: %v", region, ctx.Err())})
				return r
			case <-time.After(wait):
			}
		}
		last = time.Now()
		out, err := cl.LookupEvents(ctx, in)
		if err != nil {
			msg := fmt.Sprintf("cloudtrail:LookupEvents in %s failed: %s; ExecuteCommand events of %s not read", region, awsconf.Describe(err), region)
			if awsconf.IsAccessDenied(err) {
				msg = fmt.Sprintf("missing permission cloudtrail:LookupEvents in %s: ExecuteCommand events of %s not read", region, region)
			}
			r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelError, Message: msg})
			return r
		}
		for _, e := range out.Events {
			r.Records++
			ev, ok, err := parseRecord([]byte(aws.ToString(e.CloudTrailEvent)), source, o.Secrets)
			if err != nil {
				r.Diagnostics = append(r.Diagnostics, finding.Diagnostic{Pos: pos, Level: finding.LevelError,
					Message: fmt.Sprintf("event %s of %s could not be read: %v", aws.ToString(e.EventId), region, err)})
				continue
			}
			if ok {
				r.Events = append(r.Events, ev)
			}
		}
		if o.Progress != nil {
			o.Progress(region, pages, len(r.Events))
		}
		if aws.ToString(out.NextToken) == "" {
			return r
		}
		in.NextToken = out.NextToken
	}
}

// Sort orders events by time, then ID.
func Sort(events []Event) {
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].Time.Equal(events[j].Time) {
			return events[i].Time.Before(events[j].Time)
		}
		return events[i].ID < events[j].ID
	})
}
