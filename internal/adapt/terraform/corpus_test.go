package terraform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/shipshape/shipshape/internal/adapt/terraform"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	_ "github.com/shipshape/shipshape/internal/inputs"    // every input kind
	_ "github.com/shipshape/shipshape/internal/rules/all" // every rule
	"github.com/shipshape/shipshape/internal/scan"
)

// TestCorpus scans every directory of the Terraform corpus with every rule:
// no panic (which the pipeline reports as an internal error) and no crash.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t, "terraform")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		res, err := scan.Run(scan.Options{Paths: []string{filepath.Join(dir, e.Name())}, Config: &config.Config{}})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Message, "internal error") {
				t.Errorf("%s", d)
			}
		}
		total += res.Files
	}
	if total == 0 {
		t.Fatal("no Terraform module scanned in the corpus")
	}
	t.Logf("%d inputs scanned", total)
}

// modules groups the corpus's Terraform files by directory.
func modules(b *testing.B) (map[string][]terraform.File, int, int64) {
	dir := corpus.Dir(b, "terraform")
	mods := map[string][]terraform.File{}
	n, size := 0, int64(0)
	for _, p := range corpus.Files(b, dir) {
		if !terraform.IsModuleFile(p) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		d := filepath.Dir(p)
		mods[d] = append(mods[d], terraform.File{Path: p, Name: filepath.Base(p), Data: data})
		n++
		size += int64(len(data))
	}
	return mods, n, size
}

// BenchmarkCorpus compares parsing alone with evaluating the modules into
// the model, over every Terraform file of the corpus.
func BenchmarkCorpus(b *testing.B) {
	mods, n, size := modules(b)
	report := func(b *testing.B) {
		secs := b.Elapsed().Seconds()
		if secs > 0 {
			b.ReportMetric(float64(n*b.N)/secs, "files/s")
			b.ReportMetric(float64(size*int64(b.N))/secs/1e6, "MB/s")
		}
	}
	b.Run("parse", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, files := range mods {
				for _, f := range files {
					if strings.HasSuffix(f.Name, ".json") {
						continue
					}
					hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos)
				}
			}
		}
		report(b)
	})
	b.Run("adapt", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for d, files := range mods {
				terraform.Adapt(d, files, terraform.Options{})
			}
		}
		report(b)
	})
	b.Run("scan", func(b *testing.B) {
		dir := corpus.Dir(b, "terraform")
		for i := 0; i < b.N; i++ {
			if _, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}, Workers: 1}); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}
