package scan_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shipshape/shipshape/internal/cli"
	"github.com/shipshape/shipshape/internal/config"
	"github.com/shipshape/shipshape/internal/corpus"
	"github.com/shipshape/shipshape/internal/gcpolicy"
	"github.com/shipshape/shipshape/internal/report"
	"github.com/shipshape/shipshape/internal/scan"
)

// Memory per finding (issue 9, point 11), measured as the peak memory of a
// whole process running `shipshape scan DIR -f FORMAT -o FILE` (the
// command's code and garbage-collection policy, in a child process of the
// benchmark, one per scan):
//
//	go test -run '^$' -bench 'CorpusMemoryRatio|FindingsMemory' -benchtime 1x ./internal/scan/
//
// Each scan is measured two ways: the process's maximum resident set size
// (rss: the VmHWM of /proc/self/status, as /usr/bin/time -v reports it;
// Linux only, 0 elsewhere; a child's rusage would count the benchmark's
// own memory, which a child inherits at exec), and the peak of the memory the
// Go runtime uses (go: /memory/classes/total:bytes but the free heap,
// released or not, sampled every 5 ms: the heap's spans in use, stacks,
// the runtime's metadata and buffers).
//
// BenchmarkCorpusMemoryRatio scans the corpus's cloudformation and
// dockerfile folders once (1x) and as ten byte-distinct copies (10x, about
// 26,000 files and 75,000 findings) and reports, for each format, the
// ratio of the 10x and 1x peaks (the goal is at most 3) and the peak memory
// each 100,000 more findings take (MB/100k-findings, from the difference
// of the two), and the processor time of the 10x scan (cpu-s-10x; run with
// GOGC=200 to compare with the command's former garbage-collection
// policy). BenchmarkFindingsMemory scans 200 task definitions of ten
// containers each with many findings (pretty-printed, as they are
// written), copied to give 100,000 findings, and reports the peak per
// 100,000 findings above the peak of an empty scan.

// memoryChildEnv names, in a child process of a memory benchmark, the
// directory and format TestMemoryChild scans ("DIR|FORMAT").
const memoryChildEnv = "SHIPSHAPE_MEMORY_CHILD"

// TestMemoryChild is the scan a memory benchmark runs in a child process:
// it prints the Go runtime's peak and the number of findings.
func TestMemoryChild(t *testing.T) {
	spec := os.Getenv(memoryChildEnv)
	if spec == "" {
		t.Skip("run by the memory benchmarks in a child process")
	}
	dir, format, _ := strings.Cut(spec, "|")
	gcpolicy.Apply()
	stop := samplePeak()
	cpu := cpuTime()
	out := filepath.Join(t.TempDir(), "report")
	var stderr bytes.Buffer
	code := cli.Main([]string{"scan", dir, "--format", format, "--output", out, "--fail-on", "none", "--quiet"}, cli.Streams{In: strings.NewReader(""), Out: io.Discard, Err: &stderr})
	peak := stop()
	cpu = cpuTime() - cpu
	if code != 0 && code != 2 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	fmt.Printf("memory-child peak=%d rss=%d cpu=%d\n", peak, peakRSS(), cpu.Milliseconds())
}

// findingsOf counts the findings of a scan of dir (in the benchmark's
// process, whose memory is not measured).
func findingsOf(b *testing.B, dir string) int {
	res, err := scan.Run(scan.Options{Paths: []string{dir}, Config: &config.Config{}})
	if err != nil {
		b.Fatal(err)
	}
	return len(res.Findings)
}

// samplePeak samples the memory the Go runtime holds from the system until
// the returned function is called, which returns the peak.
func samplePeak() func() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}, {Name: "/memory/classes/heap/free:bytes"}}
	read := func() uint64 {
		metrics.Read(s)
		return s[0].Value.Uint64() - s[1].Value.Uint64() - s[2].Value.Uint64()
	}
	done, peaks := make(chan struct{}), make(chan uint64)
	go func() {
		peak := read()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peaks <- max(peak, read())
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() uint64 { close(done); return <-peaks }
}

// processPeak is what a child process measured.
type processPeak struct {
	rss, goHeld uint64 // bytes
	findings    int
	cpu         time.Duration // the scan's processor time
}

var childLine = regexp.MustCompile(`memory-child peak=(\d+) rss=(\d+) cpu=(\d+)`)

// measureScan scans dir, which has n findings, to a report of format in a
// child process.
func measureScan(b *testing.B, dir string, n int, format string) processPeak {
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), memoryChildEnv+"="+dir+"|"+format)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child scan of %s: %v\n%s", dir, err, out)
	}
	m := childLine.FindSubmatch(out)
	if m == nil {
		b.Fatalf("child scan of %s printed no measure:\n%s", dir, out)
	}
	held, _ := strconv.ParseUint(string(m[1]), 10, 64)
	rss, _ := strconv.ParseUint(string(m[2]), 10, 64)
	cpu, _ := strconv.Atoi(string(m[3]))
	return processPeak{rss: rss, goHeld: held, findings: n, cpu: time.Duration(cpu) * time.Millisecond}
}

const mb = 1 << 20

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
	n1, n10 := findingsOf(b, one), findingsOf(b, ten)
	for _, format := range report.Formats {
		b.Run(format, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				p1, p10 := measureScan(b, one, n1, format), measureScan(b, ten, n10, format)
				more := float64(max(p10.findings-p1.findings, 1)) / 100000
				b.ReportMetric(float64(p1.rss)/mb, "MB-rss-1x")
				b.ReportMetric(float64(p10.rss)/mb, "MB-rss-10x")
				b.ReportMetric(float64(p10.rss)/float64(max(p1.rss, 1)), "ratio-rss")
				b.ReportMetric(float64(p10.goHeld)/float64(max(p1.goHeld, 1)), "ratio-go")
				b.ReportMetric((float64(p10.rss)-float64(p1.rss))/mb/more, "MB-rss/100k-findings")
				b.ReportMetric(float64(p10.findings), "findings-10x")
				b.ReportMetric(p10.cpu.Seconds(), "cpu-s-10x")
				b.Logf("%s: 1x %d findings, rss %.0f MB, go %.0f MB, cpu %v; 10x %d findings, rss %.0f MB, go %.0f MB, cpu %v", format,
					p1.findings, float64(p1.rss)/mb, float64(p1.goHeld)/mb, p1.cpu, p10.findings, float64(p10.rss)/mb, float64(p10.goHeld)/mb, p10.cpu)
			}
		})
	}
}

func BenchmarkFindingsMemory(b *testing.B) {
	empty := b.TempDir()
	dir := filepath.Join(b.TempDir(), "taskdefs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	// A task definition of ten privileged containers has 62 findings (six
	// per container: privileged, root, writable root file system,
	// capabilities, no health check, no logging; two on the task): 100 of
	// them, 16 copies of each, have 99,200.
	for i := 0; i < 100; i++ {
		var td bytes.Buffer
		fmt.Fprintf(&td, "{\n  \"family\": \"svc%d\",\n  \"containerDefinitions\": [\n", i)
		for c := 0; c < 10; c++ {
			sep := ","
			if c == 9 {
				sep = ""
			}
			fmt.Fprintf(&td, "    {\n      \"name\": \"c%d\",\n      \"image\": \"nginx:1.25\",\n      \"privileged\": true,\n      \"environment\": [{\"name\": \"MODE\", \"value\": \"%d\"}]\n    }%s\n", c, i, sep)
		}
		td.WriteString("  ]\n}\n")
		for k := 0; k < 16; k++ {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("svc%03d-%02d.json", i, k)), td.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := findingsOf(b, dir)
	for _, format := range report.Formats {
		b.Run(format, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				base, p := measureScan(b, empty, 0, format), measureScan(b, dir, n, format)
				per := float64(max(p.findings, 1)) / 100000
				b.ReportMetric(float64(p.findings), "findings")
				b.ReportMetric((float64(p.rss)-float64(base.rss))/mb/per, "MB-rss/100k-findings")
				b.ReportMetric((float64(p.goHeld)-float64(base.goHeld))/mb/per, "MB-go/100k-findings")
				b.Logf("%s: empty folder: rss %.0f MB, go %.0f MB; %d findings: rss %.0f MB, go %.0f MB", format,
					float64(base.rss)/mb, float64(base.goHeld)/mb, p.findings, float64(p.rss)/mb, float64(p.goHeld)/mb)
			}
		})
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

// peakRSS is the largest resident set size of this process so far, in
// bytes (Linux's VmHWM; 0 elsewhere).
func peakRSS() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
