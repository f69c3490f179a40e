package ecstask_test

import (
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/scan"

	_ "github.com/shipshape/shipshape/internal/rules/ecstask"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}

// TestUnnamedContainerMessages checks that a container without a known name
// is called "a container", never "container a container".
func TestUnnamedContainerMessages(t *testing.T) {
	res, err := scan.Run(scan.Options{Paths: []string{"testdata/unnamed-container.yaml"}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if !strings.HasPrefix(f.Message, "a container ") {
			t.Errorf("%s: message %q does not start with \"a container \"", f.RuleID, f.Message)
		}
	}
}
