package bench

import (
	"os"
	"testing"
	"time"
)

// benchRTT is the round-trip time the lab injects: a nearby region's.
const benchRTT = 30 * time.Millisecond

// env returns the named variable or skips the benchmark.
func env(b *testing.B, name string) string {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		b.Skipf("%s is not set: run scripts/bench.sh (make bench)", name)
	}
	return v
}
