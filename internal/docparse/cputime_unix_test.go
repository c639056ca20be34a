//go:build unix

package docparse

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used. The 1 MB timing test measures CPU rather
// than wall time, so that a busy CI machine does not fail it while a super-linear rule still does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
