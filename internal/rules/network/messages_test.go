package network_test

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestLoadBalancerGroupMessage: a group open on every port says what it
// exposes: the ports of the load balancer that uses it, or the hosts.
func TestLoadBalancerGroupMessage(t *testing.T) {
	for path, want := range map[string][]string{
		"testdata/groups.yaml": {"(every service on the hosts)", "(every port of the load balancer that uses it: any listener, not only 80/443)"},
		"testdata/tf-groups":   {"(every port of the load balancer that uses it: any listener, not only 80/443)"},
	} {
		res, err := scan.Run(scan.Options{Paths: []string{path}, Config: &config.Config{}})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			found := false
			for _, f := range res.Findings {
				found = found || f.RuleID == "network/open-ingress" && strings.Contains(f.Message, w)
			}
			if !found {
				t.Errorf("%s: no open-ingress finding says %q", path, w)
			}
		}
	}
}
