package compose_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/compose"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
