package scan_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/imageref"
	dfparse "github.com/shipshape/shipshape/internal/parse/dockerfile"
	"github.com/shipshape/shipshape/internal/parse/shell"
	"github.com/shipshape/shipshape/internal/parse/tree"
	"github.com/shipshape/shipshape/internal/scan"
)

// The benchmarks compare a whole scan of each corpus folder (discovery,
// parse, adapt, every rule, suppressions, fingerprints) with merely reading
// and parsing the same files with the same parser, both on one worker, so
// the cost of everything after parsing is visible:
//
//	go test -run '^$' -bench . -benchmem ./internal/scan/
//
// Each reports files/s and MB/s beside time and allocations per pass over
// the folder, and cpu-ms/op: the process's CPU time per pass (garbage
// collection included), which other work on a shared machine disturbs far
// less than the wall time. Compare scan and parse with cpu-ms/op when the
// machine is busy.

// benchKind is a corpus folder and how to merely parse one of its files.
type benchKind struct {
	folder string
	parse  func(path string, data []byte)
}

var benchKinds = []benchKind{
	{"cloudformation", parseTree},
	{"taskdef", parseTree},
	{"kubernetes", parseTree},
	{"dockerfile", parseDockerfile},
	{"terraform", func(path string, data []byte) {
		p := hclparse.NewParser()
		if strings.HasSuffix(path, ".json") {
			_, _ = p.ParseJSON(data, path)
		} else {
			_, _ = p.ParseHCL(data, path)
		}
	}},
}

func parseTree(_ string, data []byte) { _, _ = tree.Parse(data) }

// parseDockerfile parses with BuildKit (as the adapter calls it) and parses the shell of each RUN, the
// two parsers a Dockerfile needs.
func parseDockerfile(_ string, data []byte) {
	res, err := dfparse.Parse(data)
	if err != nil {
		return
	}
	for _, n := range res.AST.Children {
		if strings.EqualFold(n.Value, "run") && !n.Attributes["json"] && n.Next != nil {
			_, _ = shell.Parse(n.Next.Value)
		}
	}
}

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

func reportThroughput(b *testing.B, files int, bytes int64, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
	secs := b.Elapsed().Seconds()
	if secs == 0 {
		return
	}
	b.ReportMetric(float64(files*b.N)/secs, "files/s")
	b.ReportMetric(float64(bytes*int64(b.N))/secs/1e6, "MB/s")
}

// BenchmarkParse reads and parses every file, nothing more.
func BenchmarkParse(b *testing.B) {
	for _, k := range benchKinds {
		b.Run(k.folder, func(b *testing.B) {
			files := corpus.Files(b, corpus.Dir(b, k.folder))
			size := corpusSize(b, files)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				for _, f := range files {
					data, err := os.ReadFile(f)
					if err != nil {
						b.Fatal(err)
					}
					k.parse(f, data)
				}
			}
			reportThroughput(b, len(files), size, cpuTime()-cpu)
		})
	}
}

// BenchmarkScan runs the whole pipeline over the same files.
func BenchmarkScan(b *testing.B) {
	for _, k := range benchKinds {
		b.Run(k.folder, func(b *testing.B) {
			dir := corpus.Dir(b, k.folder)
			files := corpus.Files(b, dir)
			size := corpusSize(b, files)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				imageref.ForgetParsed() // every pass starts cold
				if _, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}, Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
			reportThroughput(b, len(files), size, cpuTime()-cpu)
		})
	}
}
