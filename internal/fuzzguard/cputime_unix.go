//go:build unix

package fuzzguard

import (
	"syscall"
	"time"
)

// CPUTime returns the processor time (user and system) the process has
// used so far. Unlike wall time, it does not grow while the process waits
// for a processor on a busy machine, so budgets measured with it hold on a
// loaded CI runner too.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
