//go:build !unix

package fuzzguard

import "time"

var processStart = time.Now()

// CPUTime returns the time since the process started: on systems without
// getrusage, wall time stands in for processor time.
func CPUTime() time.Duration { return time.Since(processStart) }
