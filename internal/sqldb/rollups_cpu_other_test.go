//go:build !unix

package sqldb_test

import "time"

// processCPU reports that the process's CPU time is not measured on this system.
func processCPU() (time.Duration, bool) { return 0, false }
