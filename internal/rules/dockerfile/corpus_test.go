package dockerfile_test

import (
	"os"
	"strings"
	"testing"

	"github.com/shipshape/shipshape/internal/adapt/dockerfile"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/finding"
	"github.com/shipshape/shipshape/internal/model"
	"github.com/shipshape/shipshape/internal/rule"
	"github.com/shipshape/shipshape/internal/scan"
)

// TestCorpus scans every Dockerfile of the shared corpus: none may panic
// the adapter or a rule.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t, "dockerfile")
	res, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}})
	if err != nil {
		t.Fatal(err)
	}
	parseErrors := 0
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "internal error") {
			t.Errorf("%s: %s", d.Pos.File, d.Message)
		}
		if d.Level == finding.LevelError {
			parseErrors++
		}
	}
	if res.Files == 0 {
		t.Fatal("no Dockerfile recognised in the corpus")
	}
	t.Logf("%d files, %d findings, %d parse errors", res.Files, len(res.Findings), parseErrors)
}

// corpusFiles reads the corpus Dockerfiles into memory.
func corpusFiles(b *testing.B) ([]string, [][]byte, int64) {
	dir := corpus.Dir(b, "dockerfile")
	var names []string
	var data [][]byte
	var size int64
	for _, p := range corpus.Files(b, dir) {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, p)
		data = append(data, d)
		size += int64(len(d))
	}
	return names, data, size
}

func report(b *testing.B, files int, size int64) {
	secs := b.Elapsed().Seconds()
	if secs > 0 {
		b.ReportMetric(float64(files*b.N)/secs, "files/s")
		b.ReportMetric(float64(size*int64(b.N))/secs/1e6, "MB/s")
	}
}

// BenchmarkDockerfileParse adapts every corpus file: parsing, ARG
// expansion and the shell of every RUN, without rules.
func BenchmarkDockerfileParse(b *testing.B) {
	names, data, size := corpusFiles(b)
	b.ResetTimer()
	for range b.N {
		for i := range data {
			dockerfile.Adapt(names[i], data[i], dockerfile.Options{})
		}
	}
	report(b, len(data), size)
}

// BenchmarkDockerfileScan adapts every corpus file and runs the Dockerfile
// rules on it; the difference to BenchmarkDockerfileParse is the rules' cost.
func BenchmarkDockerfileScan(b *testing.B) {
	names, data, size := corpusFiles(b)
	settings := &rule.Settings{TrustedRegistries: config.DefaultTrustedRegistries}
	var rules []*rule.Rule
	for _, r := range rule.All() {
		if r.Supports(model.Dockerfile) {
			rules = append(rules, r)
		}
	}
	found := 0
	b.ResetTimer()
	for range b.N {
		for i := range data {
			res := dockerfile.Adapt(names[i], data[i], dockerfile.Options{})
			for _, st := range res.States {
				for _, r := range rules {
					r.Check(rule.NewPass(r, st, settings, func(finding.Finding) { found++ }))
				}
			}
		}
	}
	report(b, len(data), size)
}
