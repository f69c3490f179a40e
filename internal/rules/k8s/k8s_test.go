package k8s_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/k8s"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
