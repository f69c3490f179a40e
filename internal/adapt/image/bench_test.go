package image

import (
	"archive/tar"
	"bufio"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/klauspost/compress/gzip"

	"github.com/shipshape/shipshape/internal/fuzzguard"
	"github.com/shipshape/shipshape/internal/model"
)

// benchLayers is the number of layers of the generated image.
const benchLayers = 20

// benchImage writes, once per size, an OCI layout of about mb megabytes
// (uncompressed) in 20 gzip layers of text-like files to a temporary
// directory (never the repository), and returns it and its layer blobs.
var benchImages sync.Map

// benchDirs are removed when the tests end.
var benchDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

type benchData struct {
	dir   string
	blobs []string
	bytes int64
}

func benchImage(b *testing.B, mb int) *benchData {
	if v, ok := benchImages.Load(mb); ok {
		return v.(*benchData)
	}
	dir, err := os.MkdirTemp("", "shipshape-bench-image-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	words := []string{"container", "image", "layer", "the", "of", "security", "aws", "task", "config", "0x7f", "libc", "{", "}", "return", "func", "int"}
	rng := rand.New(rand.NewSource(1))
	perLayer := int64(mb) << 20 / benchLayers
	img := empty.Image
	d := &benchData{}
	for l := 0; l < benchLayers; l++ {
		gzPath := filepath.Join(dir, fmt.Sprintf("layer%d.tar.gz", l))
		f, err := os.Create(gzPath)
		if err != nil {
			b.Fatal(err)
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
		tw := tar.NewWriter(zw)
		body := make([]byte, 0, 256<<10)
		for written, i := int64(0), 0; written < perLayer; i++ {
			body = body[:0]
			size := 4<<10 + rng.Intn(252<<10)
			for len(body) < size {
				body = append(body, words[rng.Intn(len(words))]...)
				body = append(body, ' ')
				if rng.Intn(8) == 0 {
					body = strconv.AppendInt(body, rng.Int63(), 36)
				}
			}
			hdr := &tar.Header{Name: fmt.Sprintf("usr/share/layer%d/dir%d/file%d.txt", l, i%64, i), Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}
			if i%500 == 0 {
				hdr.Mode = 0o4755 // a setuid file now and then
			}
			if err := tw.WriteHeader(hdr); err != nil {
				b.Fatal(err)
			}
			tw.Write(body)
			written += int64(len(body))
			d.bytes += int64(len(body))
		}
		tw.Close()
		zw.Close()
		f.Close()
		layer, err := tarball.LayerFromFile(gzPath)
		if err != nil {
			b.Fatal(err)
		}
		img, err = mutate.Append(img, mutate.Addendum{Layer: layer})
		if err != nil {
			b.Fatal(err)
		}
	}
	p, err := layout.Write(filepath.Join(dir, "layout"), empty.Index)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		b.Fatal(err)
	}
	ls, _ := img.Layers()
	for _, l := range ls {
		h, _ := l.Digest()
		d.blobs = append(d.blobs, filepath.Join(dir, "layout", "blobs", h.Algorithm, h.Hex))
	}
	d.dir = filepath.Join(dir, "layout")
	benchImages.Store(mb, d)
	return d
}

// peakHeap samples the heap in use while fn runs and returns its peak in MB.
// It reads runtime/metrics, which unlike runtime.ReadMemStats does not stop
// the world: sampling every 5 ms would otherwise preempt the goroutines of
// a pipelined reader hundreds of times a second.
func peakHeap(fn func()) float64 {
	runtime.GC()
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			if inUse := samples[0].Value.Uint64() + samples[1].Value.Uint64(); inUse > peak.Load() {
				peak.Store(inUse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	return float64(peak.Load()) / (1 << 20)
}

func benchSizes() []int {
	if s := os.Getenv("SHIPSHAPE_BENCH_IMAGE_MB"); s != "" {
		n, _ := strconv.Atoi(s)
		return []int{n}
	}
	return []int{50, 500}
}

// BenchmarkAdaptImage reads a generated OCI layout image (every layer
// streamed, digests verified, files judged): MB/s of uncompressed layer
// data, and the peak heap, which must not grow with the image.
func BenchmarkAdaptImage(b *testing.B) {
	benchEachSize(b, func(d *benchData) {
		res := Adapt(d.dir, "bench", Options{})
		if len(res.States) != 1 || len(model.Of[*model.BuiltImage](res.States[0])[0].Layers) != benchLayers {
			b.Fatalf("%+v", res.Diagnostics)
		}
	})
}

// benchEachSize runs one sub-benchmark per image size, timing run on the
// generated image and reporting its throughput (MB/s of wall time, and
// cpu-MB/s: per second of processor time of all threads, which a loaded
// machine does not change), and its peak heap.
func benchEachSize(b *testing.B, run func(d *benchData)) {
	for _, mb := range benchSizes() {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			d := benchImage(b, mb)
			b.SetBytes(d.bytes)
			b.ResetTimer()
			var peak float64
			cpu := fuzzguard.CPUTime()
			for i := 0; i < b.N; i++ {
				peak = max(peak, peakHeap(func() { run(d) }))
			}
			if used := fuzzguard.CPUTime() - cpu; used > 0 {
				b.ReportMetric(float64(d.bytes)*float64(b.N)/1e6/used.Seconds(), "cpu-MB/s")
			}
			b.ReportMetric(peak, "peak-heap-MB")
		})
	}
}

// BenchmarkGunzipLayers is the floor: plain gzip decompression of the same
// layer blobs to io.Discard, with the decoder the adapter uses
// (github.com/klauspost/compress/gzip).
func BenchmarkGunzipLayers(b *testing.B) {
	benchEachSize(b, func(d *benchData) {
		gunzipAll(b, d, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) })
	})
}

// BenchmarkGunzipLayersStdlib is the same with the standard library's
// compress/gzip.
func BenchmarkGunzipLayersStdlib(b *testing.B) {
	benchEachSize(b, func(d *benchData) {
		gunzipAll(b, d, func(r io.Reader) (io.Reader, error) { return stdgzip.NewReader(r) })
	})
}

func gunzipAll(b *testing.B, d *benchData, open func(io.Reader) (io.Reader, error)) {
	for _, blob := range d.blobs {
		f, err := os.Open(blob)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := open(bufio.NewReaderSize(f, 64<<10))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, zr); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
