package scan_test

import (
	"os"
	"testing"

	dfadapt "github.com/shipshape/shipshape/internal/adapt/dockerfile"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
)

func BenchmarkZZDFRules(b *testing.B) {
	files := corpus.Files(b, corpus.Dir(b, "dockerfile"))
	var states []*model.State
	for _, f := range files {
		data, _ := os.ReadFile(f)
		res := dfadapt.Adapt(f, data, dfadapt.Options{})
		states = append(states, res.States...)
	}
	var rs []*rule.Rule
	for _, r := range rule.All() {
		for _, in := range r.Inputs {
			if in == model.Dockerfile {
				rs = append(rs, r)
				break
			}
		}
	}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, r := range rs {
			runRule(r, states)
		}
	}
}

//go:noinline
func runRule(r *rule.Rule, states []*model.State) {
	for _, st := range states {
		p := rule.NewPass(r, st, nil, func(finding.Finding) {})
		r.Check(p)
	}
}
