package gcpolicy

import (
	"runtime"
	"testing"
	"time"
)

// TestPolicy checks that a heap that survives collections over Threshold
// is collected at Large, and at Small again once it is released.
func TestPolicy(t *testing.T) {
	t.Setenv("GOGC", "")
	Apply()
	if got := Percent(); got != Small {
		t.Fatalf("percent %d at the start, want %d", got, Small)
	}
	held = make([]byte, 2*Threshold)
	waitFor(t, Large)
	held = nil
	waitFor(t, Small)
}

// held is what the test keeps alive.
var held []byte

func waitFor(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for Percent() != want {
		if time.Now().After(deadline) {
			t.Fatalf("percent %d, want %d", Percent(), want)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
