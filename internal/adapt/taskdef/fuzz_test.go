package taskdef_test

import (
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/taskdef"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/parse/tree"
	_ "github.com/shipshape/shipshape/internal/rules/all"
	"github.com/shipshape/shipshape/internal/ruletest"
)

// FuzzAdapt feeds task definitions through the parser, the adapter and every
// rule: none may panic, and diagnostics must name the file.
func FuzzAdapt(f *testing.F) {
	ruletest.AddSeeds(f, "../../rules/*/testdata/*.json", "../../../examples/taskdef/*.json", "../../scan/testdata/hostile/*.json")
	for _, s := range []string{
		`{"family":"a","containerDefinitions":[{"name":"x","image":"nginx","privileged":"yes"}]}`,
		`{"taskDefinition":{"family":"a","containerDefinitions":null}}`,
		`{"family":"a","containerDefinitions":[null,1,"s",{"environment":[null,{"name":3}]}]}`,
		`{"family":"a","containerDefinitions":"[{\"name\":\"x\"}]"}`,
		`{"family":"a","containerDefinitions":[{"linuxParameters":{"capabilities":{"add":"ALL"}}}],"volumes":[{"efsVolumeConfiguration":[]}]}`,
		"family: a\ncontainerDefinitions:\n  - name: x\n    user: 0\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzguard.Watch(data)()
		if !taskdef.LooksLikeTaskDef(data) {
			return
		}
		file, err := tree.Parse(data)
		if err != nil || len(file.Docs) == 0 || taskdef.Body(file.Docs[0]) == nil {
			return
		}
		ruletest.CheckResult(t, "fuzz.json", taskdef.Adapt("fuzz.json", file))
	})
}
