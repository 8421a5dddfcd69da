package dnscheck

import (
	"context"
	"sync"

	"github.com/miekg/dns"
)

// ahead starts, while Check walks towards the origin, the work its grading
// needs from each zone below the TLDs the walk reaches: the sweep of every
// server of the zone about the name, and the zone's audit. Started when
// the walk reaches the zone rather than after the walk ends, they cost no
// round trip of their own. The root and TLDs are neither swept nor
// audited unless they answer for a name (see stops), so they are not
// started ahead.
//
// A nil *ahead does nothing: name server lookups and audits walk without.
type ahead struct {
	r   *Resolver
	ctx context.Context
	// types are the record types each server is asked about.
	types []uint16
	wg    sync.WaitGroup

	mu      sync.Mutex
	sweeps  map[sweepKey]*pendingSweep
	audited map[string]bool
}

// sweepKey is a zone and the name its servers are asked about.
type sweepKey struct{ zone, name string }

type pendingSweep struct {
	done     chan struct{}
	outcomes []outcome
}

func newAhead(ctx context.Context, r *Resolver, types []uint16) *ahead {
	return &ahead{r: r, ctx: ctx, types: types, sweeps: map[sweepKey]*pendingSweep{}, audited: map[string]bool{}}
}

// reach is called for each zone the walk asks about name.
func (a *ahead) reach(d *delegation, name string) {
	if a == nil || !audited(d.zone) {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	key := sweepKey{d.zone, name}
	if a.sweeps[key] != nil {
		return
	}
	p := &pendingSweep{done: make(chan struct{})}
	a.sweeps[key] = p
	a.wg.Go(func() {
		defer close(p.done)
		p.outcomes = a.r.sweepZone(a.ctx, d, name, a.types)
	})
	if !a.audited[d.zone] {
		a.audited[d.zone] = true
		a.wg.Go(func() { a.r.audit(a.ctx, d) })
	}
}

// reachKnown is called when a walk towards name starts at from, a zone an
// earlier walk learned: the zone cuts above from on the way to name are
// swept for this name too (see stops), so they start now as well.
func (a *ahead) reachKnown(name string, from *delegation) {
	if a == nil {
		return
	}
	for _, off := range dns.Split(name) {
		zone := name[off:]
		if zone == from.zone || !dns.IsSubDomain(zone, from.zone) {
			continue
		}
		if d := a.r.knownZone(zone); d != nil {
			a.reach(d, name)
		}
	}
}

// sweep returns the outcomes of asking every server of d about name: the
// sweep started ahead if there is one, else one run now.
func (a *ahead) sweep(ctx context.Context, d *delegation, name string) []outcome {
	var p *pendingSweep
	if a != nil {
		a.mu.Lock()
		p = a.sweeps[sweepKey{d.zone, name}]
		a.mu.Unlock()
	}
	if p == nil {
		return a.r.sweepZone(ctx, d, name, a.types)
	}
	<-p.done
	return p.outcomes
}

// wait returns once everything started ahead has ended; each piece is
// bounded by the Check's context.
func (a *ahead) wait() { a.wg.Wait() }
