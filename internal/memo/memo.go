// Package memo shares the network work of one plan between the origins
// checked in it: a result is computed once per key, by the first origin to
// ask, and every origin asking at the same time or later gets it.
//
// The computation runs in the asking origin's goroutine with its context,
// so nothing outlives that origin's deadline. A result cut short by that
// deadline (or a cancellation) is not kept: it says more about the origin
// that ran out of time than about the network, so a waiter with time left
// computes again.
//
// DNS shares its work in dnscheck.Resolver instead: its shared queries must
// outlive the deadline of the origin that started them, one round of
// queries serves many names, and failures are not kept (dnscheck's package
// doc, "Sharing work between origins").
package memo

import (
	"context"
	"sync"

	"github.com/originhealth/terraform-provider-origin/internal/netwait"
)

// Group holds the results by key. A nil *Group keeps nothing: Do simply
// computes. The zero Group is ready to use; it is safe for concurrent use.
type Group[K comparable, V any] struct {
	mu      sync.Mutex
	kept    map[K]V
	running map[K]*call[V]
}

type call[V any] struct {
	done     chan struct{}
	val      V
	cutShort bool
}

// Do returns the value for key: a kept one, the one another caller is
// computing, or else compute(ctx)'s. It returns ctx.Err() if ctx ends
// while it waits for another caller's computation.
func (g *Group[K, V]) Do(ctx context.Context, key K, compute func(context.Context) V) (V, error) {
	if g == nil {
		return compute(ctx), nil
	}
	for {
		g.mu.Lock()
		if v, ok := g.kept[key]; ok {
			g.mu.Unlock()
			return v, nil
		}
		c, ok := g.running[key]
		if !ok {
			c = &call[V]{done: make(chan struct{})}
			if g.running == nil {
				g.running, g.kept = map[K]*call[V]{}, map[K]V{}
			}
			g.running[key] = c
			g.mu.Unlock()
			return g.lead(ctx, key, c, compute), nil
		}
		g.mu.Unlock()
		select {
		case <-c.done:
			if !c.cutShort {
				return c.val, nil
			}
			// The caller that computed ran out of time; we may not have.
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
}

// lead computes key's value for every caller waiting on c.
func (g *Group[K, V]) lead(ctx context.Context, key K, c *call[V], compute func(context.Context) V) V {
	c.cutShort = true // unless compute returns
	defer func() {
		g.mu.Lock()
		delete(g.running, key)
		if !c.cutShort {
			g.kept[key] = c.val
		}
		g.mu.Unlock()
		close(c.done)
	}()
	c.val = compute(ctx)
	// A computation that stopped at the deadline may return just before
	// the context's timer fires: netwait.Ended compares with the clock too.
	c.cutShort = netwait.Ended(ctx)
	return c.val
}
