package memo

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDo: how many times the value is computed, and what each caller
// gets, whether callers come in turn or at once, and when the caller that
// computes runs out of time.
func TestDo(t *testing.T) {
	cases := []struct {
		name    string
		noGroup bool
		// at once: the callers ask while the first is computing.
		atOnce bool
		// firstTimeout, when set, is the first caller's timeout; its
		// computation outlasts it.
		firstTimeout time.Duration
		computed     int64
	}{
		{name: "nil group computes every time", noGroup: true, computed: 3},
		{name: "in turn, kept", computed: 1},
		{name: "at once, shared", atOnce: true, computed: 1},
		{name: "first cut short, the others compute again", atOnce: true, firstTimeout: 20 * time.Millisecond, computed: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var g *Group[string, int]
			if !tc.noGroup {
				g = &Group[string, int]{}
			}
			var computed atomic.Int64
			release := make(chan struct{})
			compute := func(ctx context.Context) int {
				n := computed.Add(1)
				if tc.atOnce {
					select {
					case <-release:
					case <-ctx.Done():
					}
				}
				return int(n)
			}
			results := make([]int, 3)
			var wg sync.WaitGroup
			for i := range results {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				if i == 0 && tc.firstTimeout > 0 {
					ctx, cancel = context.WithTimeout(context.Background(), tc.firstTimeout)
				}
				ask := func() {
					defer cancel()
					v, err := g.Do(ctx, "k", compute)
					if err != nil {
						t.Errorf("caller %d: %v", i, err)
					}
					results[i] = v
				}
				if !tc.atOnce {
					ask()
					continue
				}
				wg.Go(ask)
				if i == 0 {
					for computed.Load() == 0 {
						time.Sleep(time.Millisecond)
					}
				}
			}
			if tc.atOnce {
				// Let the others join the first computation; a cut-short
				// one ends by itself.
				time.Sleep(50 * time.Millisecond)
				close(release)
			}
			wg.Wait()
			if got := computed.Load(); got != tc.computed {
				t.Errorf("computed %d times, want %d", got, tc.computed)
			}
			if !tc.noGroup && (results[1] != results[2] || tc.firstTimeout == 0 && results[0] != results[1]) {
				t.Errorf("results %v, want the later callers to share one", results)
			}
		})
	}
}

// TestDoWaiterLeaves: a caller whose context ends stops waiting for
// another's computation, which goes on and is kept.
func TestDoWaiterLeaves(t *testing.T) {
	var g Group[string, int]
	release := make(chan struct{})
	started := make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := g.Do(context.Background(), "k", func(context.Context) int { close(started); <-release; return 7 })
		done <- v
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := g.Do(ctx, "k", func(context.Context) int { t.Error("computed twice"); return 0 }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter got %v, want its deadline", err)
	}
	close(release)
	if v := <-done; v != 7 {
		t.Errorf("first caller got %d", v)
	}
	if v, err := g.Do(context.Background(), "k", func(context.Context) int { t.Error("not kept"); return 0 }); v != 7 || err != nil {
		t.Errorf("later caller got %d, %v, want the kept 7", v, err)
	}
}
