package scan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/budget"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// hostileTime and hostileHeap are what one hostile input may cost: the
// fuzz targets' budget, with room for a slow, shared CI machine.
const (
	hostileTime = 4 * fuzzguard.Limit
	hostileHeap = fuzzguard.MemLimit
)

// TestHostile scans each input of testdata/hostile (issue 9): small files
// that once took seconds and gigabytes must stay within the budget and end
// with a notice saying what was left unknown or out.
func TestHostile(t *testing.T) {
	for _, tc := range []struct {
		path   string
		notice string // kind or message of the notice expected
		config *config.Config
		max    int // findings at most (0: no bound)
	}{
		{path: "nested-sub.json", notice: budget.Kind},
		{path: "doubling-args.Dockerfile", notice: budget.Kind},
		{path: "doubling-locals", notice: budget.Kind},
		{path: "doubling-env", notice: budget.Kind},
		{path: "many-findings.json", notice: "over max_findings_per_file (1000)", config: &config.Config{MaxFindingsPerFile: ptr(1000)}, max: 1000},
	} {
		t.Run(tc.path, func(t *testing.T) {
			cfg := tc.config
			if cfg == nil {
				cfg = &config.Config{}
			}
			var res *scan.Result
			var err error
			elapsed, peak := fuzzguard.Measure(func() {
				res, err = scan.Run(scan.Options{Paths: []string{filepath.Join("testdata", "hostile", tc.path)}, Config: cfg, Workers: 1})
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v, heap grew by at most %.1f MB, %d findings", elapsed.Round(time.Millisecond), float64(peak)/(1<<20), len(res.Findings))
			if elapsed > hostileTime || peak > hostileHeap {
				t.Errorf("took %v and %d MB, over the budget of %v and %d MB", elapsed, peak>>20, hostileTime, hostileHeap>>20)
			}
			if !hasNotice(res, tc.notice) {
				t.Errorf("no notice %q in %v", tc.notice, res.Diagnostics)
			}
			if tc.max > 0 && len(res.Findings) > tc.max {
				t.Errorf("%d findings, want at most %d", len(res.Findings), tc.max)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func hasNotice(res *scan.Result, text string) bool {
	for _, d := range res.Diagnostics {
		if d.Level == finding.LevelNotice && (d.Kind == text || strings.Contains(d.Message, text)) {
			return true
		}
	}
	return false
}

// TestNetworkPolicyScale checks that matching pods to NetworkPolicies is
// near-linear (issue 9, point 12): 20,000 policies and 20,000 pods of one
// namespace took 45 s when every pod was tried against every policy.
func TestNetworkPolicyScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 6 MB manifest")
	}
	const n = 20000
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np%d, namespace: app}\nspec:\n  podSelector:\n    matchLabels: {app: a%d, tier: web}\n  policyTypes: [Ingress]\n", i, i)
	}
	for i := 0; i < n; i++ {
		app := i
		if i == n-1 {
			app = n + 1 // selected by no policy
		}
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p%d, namespace: app, labels: {app: a%d, tier: web}}\nspec:\n  containers: [{name: c, image: nginx:1.25}]\n", i, app)
	}
	path := filepath.Join(t.TempDir(), "all.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := cpuTime()
	res, err := scan.Run(scan.Options{Paths: []string{path}, Config: &config.Config{MaxFileSizeMB: ptr(64)},
		Rules: []*rule.Rule{rule.Lookup("k8s/network-policy")}})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := cpuTime() - start
	var unselected []string
	for _, f := range res.Findings {
		if f.RuleID == "k8s/network-policy" {
			unselected = append(unselected, f.Resource)
		}
	}
	if len(unselected) != 1 || !strings.Contains(unselected[0], fmt.Sprintf("p%d", n-1)) {
		t.Errorf("pods no policy selects: %v, want only p%d", unselected, n-1)
	}
	t.Logf("%d policies and %d pods: %v of CPU", n, n, elapsed)
	if elapsed > 20*time.Second {
		t.Errorf("took %v of CPU", elapsed)
	}
}

// TestFindingsPerFileDefault checks that without a config a file reports
// at most 10,000 findings (max_findings_per_file's default), with a notice
// naming what was left out: a task definition of 2,000 privileged
// containers has over 12,000.
func TestFindingsPerFileDefault(t *testing.T) {
	var td strings.Builder
	td.WriteString("{\n  \"family\": \"many\",\n  \"containerDefinitions\": [\n")
	for i := range 2000 {
		if i > 0 {
			td.WriteString(",\n")
		}
		fmt.Fprintf(&td, "    {\"name\": \"c%d\", \"image\": \"nginx:1.25\", \"privileged\": true}", i)
	}
	td.WriteString("\n  ]\n}\n")
	path := filepath.Join(t.TempDir(), "many.json")
	if err := os.WriteFile(path, []byte(td.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(scan.Options{Paths: []string{path}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Findings) + len(res.Suppressed); n != config.DefaultMaxFindingsPerFile || config.DefaultMaxFindingsPerFile != 10000 {
		t.Errorf("%d findings, want 10,000", n)
	}
	if !hasNotice(res, "over max_findings_per_file (10000) and left out (") {
		t.Errorf("no notice naming what was left out in %v", res.Diagnostics)
	}
}
