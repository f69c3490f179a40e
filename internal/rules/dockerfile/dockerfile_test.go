package dockerfile_test

import (
	"testing"

	"github.com/shipshape/shipshape/internal/rule"
	_ "github.com/shipshape/shipshape/internal/rules/dockerfile"
	"github.com/shipshape/shipshape/internal/ruletest"
	"github.com/shipshape/shipshape/internal/scan"
)

func TestFixtures(t *testing.T) {
	ruletest.Run(t, "testdata/default")
}

func TestTarget(t *testing.T) {
	ruletest.Run(t, "testdata/target", func(o *scan.Options) { o.Target = "debug" })
}

func TestStrict(t *testing.T) {
	ruletest.Run(t, "testdata/strict", func(o *scan.Options) {
		o.Settings = &rule.Settings{TrustedRegistries: o.Config.Registries(), Strict: true}
	})
}

func TestBuildArgs(t *testing.T) {
	ruletest.Run(t, "testdata/buildargs", func(o *scan.Options) {
		o.BuildArgs = map[string]string{"TAG": "latest", "RUNTIME_USER": "root", "NPM_TOKEN": "npm_0123456789abcdefghijABCDEFGHIJ012345"}
	})
}

func TestHadolintTrustedRegistries(t *testing.T) {
	ruletest.Check(t, "testdata/hadolintcfg/Dockerfile")
}

func TestStartScripts(t *testing.T) {
	ruletest.Check(t, "testdata/context/Dockerfile")
	ruletest.Check(t, "testdata/context-ok/Dockerfile")
}
