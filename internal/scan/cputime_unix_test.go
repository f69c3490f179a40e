//go:build unix

package scan_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system, every thread, the garbage
// collector's included) the process has used: on a shared machine it
// varies far less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
