package network_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/network"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
