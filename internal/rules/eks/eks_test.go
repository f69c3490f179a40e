package eks_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/eks"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
