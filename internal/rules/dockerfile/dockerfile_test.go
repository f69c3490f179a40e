package dockerfile_test

import (
	"os"
	"path/filepath"
	"strings"
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

// TestComposeLocalBase: a stage built FROM an image a Compose service of
// the scan builds and tags is not judged as a pulled image.
func TestComposeLocalBase(t *testing.T) {
	ruletest.CheckModule(t, "testdata/compose-local-base")
}

func TestHadolintTrustedRegistries(t *testing.T) {
	ruletest.Check(t, "testdata/hadolintcfg/Dockerfile")
}

func TestStartScripts(t *testing.T) {
	ruletest.Check(t, "testdata/context/Dockerfile")
	ruletest.Check(t, "testdata/context-ok/Dockerfile")
}

func TestContextSecrets(t *testing.T) {
	for _, f := range []string{
		"testdata/context-secrets/Dockerfile",
		"testdata/context-secrets-builder/Dockerfile",
		"testdata/context-secrets-builder/only-binary.Dockerfile",
		"testdata/context-secrets-builder/ignored.Dockerfile",
		"testdata/context-elsewhere/Dockerfile",
	} {
		ruletest.Check(t, f)
	}
}

// TestEveryRuleHasAFailingFixture keeps the fixtures honest: each rule of
// the package is expected somewhere.
func TestEveryRuleHasAFailingFixture(t *testing.T) {
	expected := map[string]bool{}
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, err := ruletest.Expectations(p)
		if err != nil {
			return err
		}
		for _, e := range want {
			expected[e.Rule] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rule.All() {
		if !strings.HasPrefix(r.ID, "dockerfile/") {
			continue
		}
		n++
		if !expected[r.ID] {
			t.Errorf("%s: no fixture expects it", r.ID)
		}
	}
	if n != 18 {
		t.Errorf("%d dockerfile rules registered, want 18 (the catalog's 17 and dockerfile/world-writable)", n)
	}
}
