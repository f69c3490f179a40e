package ecstask_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/ecstask"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
