package k8s_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/finding"
	_ "github.com/shipshape/shipshape/internal/rules/k8s"
	"github.com/shipshape/shipshape/internal/ruletest"
	"github.com/shipshape/shipshape/internal/scan"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: api
          image: nginx:1.27.3
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
`

// TestNetworkPolicyAcrossFiles checks that the manifests of one scan are
// judged together: a NetworkPolicy in another file (another directory,
// even) selects the Deployment's pods.
func TestNetworkPolicyAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dep := write("apps/api.yaml", deployment)
	pol := write("policies/api.yaml", policy)
	count := func(paths ...string) int {
		res, err := scan.Run(scan.Options{Paths: paths, Config: &config.Config{}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			t.Errorf("diagnostic: %s", d)
		}
		n := 0
		for _, f := range res.Findings {
			if f.RuleID != "k8s/network-policy" {
				t.Errorf("unexpected finding %s: %s", f.RuleID, f.Message)
			}
			n++
		}
		return n
	}
	if n := count(dep); n != 1 {
		t.Errorf("deployment alone: %d network-policy findings, want 1", n)
	}
	if n := count(dep, pol); n != 0 {
		t.Errorf("deployment with its policy in another file: %d findings, want 0", n)
	}
	if n := count(dir); n != 0 {
		t.Errorf("directory scan: %d findings, want 0", n)
	}
}

// TestHelmTemplate checks that an unrendered chart template gives one
// notice, not an error and not a crash.
func TestHelmTemplate(t *testing.T) {
	res, err := scan.Run(scan.Options{Paths: []string{"testdata/helm-template.yaml"}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %v, want one notice", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.Level != finding.LevelNotice || !strings.Contains(d.Message, "helm template") {
		t.Errorf("diagnostic %s, want a notice naming helm template", d)
	}
}
