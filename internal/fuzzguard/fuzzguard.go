// Package fuzzguard turns a pathologically slow fuzz input into a crash, so
// that the fuzzer keeps the input: Go's fuzzer has no per-input time limit
// and would otherwise spin on a hang until the campaign ends.
package fuzzguard

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// Limit is how long one input may take. Inputs are at most a few tens of
// kilobytes, which every adapter handles in milliseconds.
const Limit = 2 * time.Second

// Watch starts a watchdog for one input and returns the function that stops
// it (call it with defer). When the input takes longer than Limit the
// watchdog prints the input and every goroutine's stack and exits the
// process, which the fuzzer records as a crash of that input.
func Watch(data []byte) (stop func()) {
	if len(data) > 64<<10 {
		return func() {}
	}
	timer := time.AfterFunc(Limit, func() {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		shown := data
		if len(shown) > 512 {
			shown = shown[:512]
		}
		fmt.Fprintf(os.Stderr, "fuzzguard: input of %d bytes took over %v: %q\n%s\n", len(data), Limit, shown, buf)
		os.Exit(2)
	})
	return func() { timer.Stop() }
}
