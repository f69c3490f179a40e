package account_test

import (
	"testing"

	_ "github.com/shipshape/shipshape/internal/rules/account"
	"github.com/shipshape/shipshape/internal/ruletest"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata")
}
