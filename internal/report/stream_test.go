package report

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestWritersStream checks that no writer copies the findings (issue 9,
// point 11): halfway through a report of 20,000 findings, what the writer
// holds (the live heap after a collection, over what it was before the
// report) must be a small part of what the findings themselves take. The
// writers once copied every finding (SARIF, text and Markdown groups) or
// built every JUnit failure's text at once: over 300 bytes per finding.
func TestWritersStream(t *testing.T) {
	const n = 20000
	res := &scan.Result{Files: n / 5, Rules: 4}
	rules := []string{"test/secret-env", "test/root-user", "test/privileged", "test/log-retention"}
	for i := range n {
		f := finding.Finding{
			RuleInfo: &finding.RuleInfo{Title: "title", Phase: finding.Phases[i%len(finding.Phases)]},
			Subject:  &finding.Subject{Resource: fmt.Sprintf("R%d", i), ResourceType: "AWS::ECS::TaskDefinition", Format: model.CloudFormation},
			RuleID:   rules[i%4],
			Severity: finding.Severity(1 + i%5),
			Message:  fmt.Sprintf("container \"c%d\" is insecure; set it right", i),
			Pos:      model.Pos{File: fmt.Sprintf("f%d.json", i/5), Line: i%5 + 1},
		}
		f.ComputeFingerprint()
		if i%10 == 0 {
			f.Suppression = &finding.Suppression{Kind: "inline", Reason: "accepted"}
			res.Suppressed = append(res.Suppressed, f)
			continue
		}
		res.Findings = append(res.Findings, f)
	}
	const perFinding = 64 // bytes; a finding alone is over 250
	o := Options{Version: "test", ShowSuppressed: true}
	for _, format := range Formats {
		size := countingWriter{w: io.Discard}
		if err := Write(&size, format, res, o); err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		base := fuzzguard.HeapBytes()
		probe := &heapProbe{at: size.n / 2}
		if err := Write(probe, format, res, o); err != nil {
			t.Fatal(err)
		}
		held := int64(probe.live) - int64(base)
		t.Logf("%s: %d bytes of output, %.2f MB held halfway (%d bytes per finding)", format, size.n, float64(held)/(1<<20), held/n)
		if held > perFinding*n {
			t.Errorf("%s: halfway through %d findings the writer holds %.1f MB, over %d bytes per finding", format, n, float64(held)/(1<<20), perFinding)
		}
	}
}

// heapProbe is a writer that, once at bytes have been written to it,
// collects garbage and records the live heap.
type heapProbe struct {
	n, at int
	live  uint64
}

func (p *heapProbe) Write(b []byte) (int, error) {
	p.n += len(b)
	if p.live == 0 && p.n >= p.at {
		runtime.GC()
		p.live = fuzzguard.HeapBytes()
	}
	return len(b), nil
}
