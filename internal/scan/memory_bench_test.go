package scan_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/report"
	"github.com/shipshape/shipshape/internal/scan"
)

// Memory per finding (issue 9, point 11): a scan and its report, for each
// format, measured as the heap's peak growth and reported per 100,000
// findings:
//
//	go test -run '^$' -bench Memory -benchtime 1x ./internal/scan/
//
// BenchmarkFindingsMemory scans a task definition of 12,500 privileged
// containers (about 100,000 findings); BenchmarkCorpusMemoryRatio scans the
// corpus's cloudformation and dockerfile folders once and as ten
// byte-distinct copies, and reports the ratio of the peaks (the goal is at
// most 3).

func BenchmarkFindingsMemory(b *testing.B) {
	var td bytes.Buffer
	td.WriteString(`{"family": "many", "containerDefinitions": [`)
	for i := 0; i < 12500; i++ {
		if i > 0 {
			td.WriteString(",")
		}
		fmt.Fprintf(&td, `{"name": "c%d", "image": "nginx:1.25", "privileged": true}`, i)
	}
	td.WriteString("]}")
	path := filepath.Join(b.TempDir(), "many.json")
	if err := os.WriteFile(path, td.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, format := range report.Formats {
		b.Run(format, func(b *testing.B) {
			var peak uint64
			var n int
			for i := 0; i < b.N; i++ {
				_, p := fuzzguard.Measure(func() {
					res, err := scan.Run(scan.Options{Paths: []string{path}, Config: &config.Config{}, MaxFindingsPerFile: 1 << 20, Workers: 1})
					if err != nil {
						b.Fatal(err)
					}
					n = len(res.Findings)
					if err := report.Write(io.Discard, format, res, report.Options{Version: "bench"}); err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(n), "findings")
			b.ReportMetric(float64(peak)/(1<<20)*100000/float64(max(n, 1)), "MB/100k-findings")
		})
	}
}

func BenchmarkCorpusMemoryRatio(b *testing.B) {
	one := filepath.Join(b.TempDir(), "one")
	ten := filepath.Join(b.TempDir(), "ten")
	for _, kind := range []string{"cloudformation", "dockerfile"} {
		src := corpus.Dir(b, kind)
		for c := 0; c < 10; c++ {
			copyTree(b, src, filepath.Join(ten, fmt.Sprint(c), kind), c)
		}
		copyTree(b, src, filepath.Join(one, kind), 0)
	}
	peakOf := func(dir string) (uint64, int) {
		var n int
		_, p := fuzzguard.Measure(func() {
			res, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}})
			if err != nil {
				b.Fatal(err)
			}
			n = len(res.Findings)
			if err := report.Write(io.Discard, "json", res, report.Options{Version: "bench"}); err != nil {
				b.Fatal(err)
			}
		})
		return p, n
	}
	for i := 0; i < b.N; i++ {
		p1, n1 := peakOf(one)
		p10, n10 := peakOf(ten)
		b.ReportMetric(float64(p1)/(1<<20), "MB-1x")
		b.ReportMetric(float64(p10)/(1<<20), "MB-10x")
		b.ReportMetric(float64(p10)/float64(max(p1, 1)), "ratio")
		b.ReportMetric(float64(n10), "findings-10x")
		b.Logf("1x: %d findings, %.0f MB; 10x: %d findings, %.0f MB", n1, float64(p1)/(1<<20), n10, float64(p10)/(1<<20))
	}
}

// copyTree copies the regular files of src to dst, each made byte-distinct
// with a trailing comment naming the copy.
func copyTree(b *testing.B, src, dst string, copyN int) {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			data = append(data, ' ') // JSON has no comments
			data = append(data, bytes.Repeat([]byte{' '}, copyN)...)
		} else {
			data = append(data, fmt.Sprintf("\n# copy %d\n", copyN)...)
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}
