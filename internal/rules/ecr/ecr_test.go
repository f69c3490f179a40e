package ecr_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/ecr"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
