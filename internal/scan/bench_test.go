package scan_test

import (
	"os"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/scan"
)

// The benchmarks compare a whole scan of a corpus folder (discovery, parse,
// adapt, every rule, suppressions, fingerprints) with merely reading and
// parsing the same files, both on one worker, so that the cost of the rest
// of the pipeline is visible:
//
//	go test -run '^$' -bench . -benchmem ./internal/scan/
//
// Each reports files/s and MB/s beside the usual time and allocations.

var benchKinds = []string{"cloudformation", "taskdef"}

func corpusSize(b *testing.B, files []string) int64 {
	var total int64
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		total += info.Size()
	}
	return total
}

func reportThroughput(b *testing.B, files int, bytes int64) {
	secs := b.Elapsed().Seconds()
	if secs == 0 {
		return
	}
	b.ReportMetric(float64(files*b.N)/secs, "files/s")
	b.ReportMetric(float64(bytes*int64(b.N))/secs/1e6, "MB/s")
}

// BenchmarkParse reads and parses every file, nothing more.
func BenchmarkParse(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			files := corpus.Files(b, corpus.Dir(b, kind))
			size := corpusSize(b, files)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, f := range files {
					data, err := os.ReadFile(f)
					if err != nil {
						b.Fatal(err)
					}
					_, _ = tree.Parse(data)
				}
			}
			reportThroughput(b, len(files), size)
		})
	}
}

// BenchmarkScan runs the whole pipeline over the same files.
func BenchmarkScan(b *testing.B) {
	for _, kind := range benchKinds {
		b.Run(kind, func(b *testing.B) {
			dir := corpus.Dir(b, kind)
			files := corpus.Files(b, dir)
			size := corpusSize(b, files)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}, Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
			reportThroughput(b, len(files), size)
		})
	}
}
