package netwait

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// TestEnded: a context is over when it is done or its deadline has passed on
// the clock, even before its timer fires; one without a deadline is not.
func TestEnded(t *testing.T) {
	if Ended(context.Background()) {
		t.Error("Ended(Background) = true, want false")
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if !Ended(cancelled) {
		t.Error("Ended(cancelled) = false, want true")
	}
	// A deadline in the past: the timer may not have fired, the clock has.
	past, cancelPast := context.WithDeadline(context.Background(), time.Now().Add(-time.Millisecond))
	defer cancelPast()
	if !Ended(past) {
		t.Error("Ended(past deadline) = false, want true")
	}
	future, cancelFuture := context.WithTimeout(context.Background(), time.Hour)
	defer cancelFuture()
	if Ended(future) {
		t.Error("Ended(deadline in an hour) = true, want false")
	}
}

// TestIsTimeout: an I/O deadline's error, even wrapped, is a timeout; other
// errors are not.
func TestIsTimeout(t *testing.T) {
	if !IsTimeout(fmt.Errorf("read: %w", os.ErrDeadlineExceeded)) {
		t.Error("IsTimeout(wrapped os.ErrDeadlineExceeded) = false, want true")
	}
	if IsTimeout(errors.New("connection reset")) || IsTimeout(nil) {
		t.Error("IsTimeout of a plain error or nil = true, want false")
	}
}
