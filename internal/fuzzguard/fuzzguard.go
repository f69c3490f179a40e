// Package fuzzguard turns a pathologically slow or memory-hungry fuzz input
// into a crash, so that the fuzzer keeps the input: Go's fuzzer has no
// per-input time or memory limit and would otherwise spin on a hang, or be
// killed with the whole campaign, until the campaign ends.
//
// The same budget holds for the seed corpora that run with go test: an
// input may not take more than Limit, nor grow the heap by more than
// MemLimit.
package fuzzguard

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"time"
)

// Limit is how much processor time one input may take. Inputs are at most
// a few tens of kilobytes, which every adapter handles in milliseconds.
// Processor time, not wall time, is what is held to the limit, so that a
// busy machine does not fail an input that does little work.
const Limit = 2 * time.Second

// HangLimit is how long, in wall time, one input may take: it catches an
// input that blocks (a read that never returns) and so uses no processor
// time.
const HangLimit = 10 * Limit

// MemLimit is how much one input may grow the heap (live and not yet
// collected objects).
const MemLimit = 256 << 20

// sampleEvery is how often the heap is measured while an input runs.
const sampleEvery = 5 * time.Millisecond

const heapMetric = "/memory/classes/heap/objects:bytes"

// HeapBytes returns the bytes of the heap's objects now.
func HeapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// Watch starts a watchdog for one input and returns the function that stops
// it (call it with defer). When the input takes more processor time than
// Limit or more wall time than HangLimit, or the heap grows by more than
// MemLimit while it runs, the watchdog prints the input and every
// goroutine's stack and exits the process, which the fuzzer records as a
// crash of that input.
func Watch(data []byte) (stop func()) {
	if len(data) > 64<<10 {
		return func() {}
	}
	fail := func(why string) {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		shown := data
		if len(shown) > 512 {
			shown = shown[:512]
		}
		fmt.Fprintf(os.Stderr, "fuzzguard: input of %d bytes %s: %q\n%s\n", len(data), why, shown, buf)
		os.Exit(2)
	}
	base := HeapBytes()
	start, cpuStart := time.Now(), CPUTime()
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if h := HeapBytes(); h > base && h-base > MemLimit {
					fail(fmt.Sprintf("grew the heap by %d MB, over %d MB", (h-base)>>20, MemLimit>>20))
				}
				if CPUTime()-cpuStart > Limit {
					fail(fmt.Sprintf("took over %v of processor time", Limit))
				}
				if time.Since(start) > HangLimit {
					fail(fmt.Sprintf("took over %v (blocked?)", HangLimit))
				}
			}
		}
	}()
	return func() { close(done) }
}

// Measure runs fn and returns the processor time it took and how much it
// grew the heap at most (sampled), for tests that hold an input to the
// budget without exiting.
func Measure(fn func()) (cpu time.Duration, peak uint64) {
	runtime.GC()
	base := HeapBytes()
	done := make(chan struct{})
	peaks := make(chan uint64, 1)
	go func() {
		var max uint64
		tick := time.NewTicker(sampleEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peaks <- max
				return
			case <-tick.C:
				if h := HeapBytes(); h > base && h-base > max {
					max = h - base
				}
			}
		}
	}()
	start := CPUTime()
	fn()
	cpu = CPUTime() - start
	if h := HeapBytes(); h > base && h-base > peak {
		peak = h - base
	}
	close(done)
	if m := <-peaks; m > peak {
		peak = m
	}
	return cpu, peak
}
