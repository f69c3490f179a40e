// Package gcpolicy sets how often the command's garbage collector runs:
// the command and the benchmarks that measure its memory use the same
// policy.
package gcpolicy

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The policy: a scan is short-lived and most of what it allocates (parse
// trees) dies young, so while the heap that survives a collection is
// small, collecting at three times its size (GOGC=200) spends about a
// quarter less CPU than the default (twice its size). A large scan holds
// what it found until the report is written (findings, the files' names):
// once that is over Large, the heap grows to twice it (the default), so
// that the peak stays near twice what the scan holds rather than three
// times.
const (
	Small = 200
	Large = 100
	// Threshold is the live heap above which Large applies.
	Threshold = 32 << 20
)

var state struct {
	sync.Mutex
	percent int
}

// Apply sets the command's policy, unless GOGC is set (which decides).
func Apply() {
	if os.Getenv("GOGC") != "" {
		return
	}
	set(Small)
	arm()
}

// Percent returns the GOGC percent the policy last set (0: none).
func Percent() int {
	state.Lock()
	defer state.Unlock()
	return state.percent
}

func set(p int) {
	state.Lock()
	defer state.Unlock()
	if state.percent != p {
		debug.SetGCPercent(p)
		state.percent = p
	}
}

// sentinel is an object nothing refers to: its finalizer runs after each
// collection, which adjusts the policy and makes the next one.
type sentinel struct{ _ [32]byte }

func arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		adjust()
		arm()
	})
}

// adjust sets the percent for the heap that survived the last collection.
func adjust() {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if s[0].Value.Uint64() > Threshold {
		set(Large)
	} else {
		set(Small)
	}
}
