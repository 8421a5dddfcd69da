package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/miekg/dns"
)

// ask gets a usable response from the first of servers that gives one.
// Concurrent walks towards names under the same child of zone share one
// round of queries: 50 origins in one zone walk the delegation once.
func (r *Resolver) ask(ctx context.Context, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	if o, ok := r.cached(zone, qname, qtype); ok {
		return o, nil
	}
	key := zone + " " + childOf(zone, qname)
	switch {
	case zone == "":
		key = fmt.Sprintf(" %s %d", qname, qtype)
	case audited(zone):
		// A zone below the TLDs is where origins live: its A and AAAA
		// answers are asked at once, not one waiting on the other. Above
		// it both types share the referral.
		key += fmt.Sprintf(" %d", qtype)
	}
	o, err := r.shared(ctx, key, zone, servers, qname, qtype)
	if err == nil && !usableFor(o, zone, qname, qtype) {
		// Another walk asked about another name under the same child and
		// got an answer, not a referral: ask for ours.
		o, err = r.shared(ctx, fmt.Sprintf("%s %s %d", zone, qname, qtype), zone, servers, qname, qtype)
	}
	return o, err
}

// cached returns a response already obtained that serves qname/qtype at
// zone: its own answer, or the referral to the child zone on the way.
func (r *Resolver) cached(zone, qname string, qtype uint16) (outcome, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o, ok := r.answers[zoneQuestion{zone, qname, qtype}]; ok {
		return o, true
	}
	o, ok := r.referrals[zone+" "+childOf(zone, qname)]
	return o, ok
}

// remember caches a usable response to qname/qtype from zone.
func (r *Resolver) remember(zone, qname string, qtype uint16, o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	child := referral(o.msg, zone, qname)
	switch {
	case child == nil:
		r.answers[zoneQuestion{zone, qname, qtype}] = o
	case child.zone == childOf(zone, qname):
		// Every name under the child gets this same referral.
		r.referrals[zone+" "+child.zone] = o
	}
}

func (r *Resolver) shared(ctx context.Context, key, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	type roundResult struct {
		o   outcome
		err *lookupError
	}
	ch := r.sharedWork.DoChan(key, func() (any, error) {
		// A round that just ended may have cached what we need.
		if o, ok := r.cached(zone, qname, qtype); ok {
			return roundResult{o: o}, nil
		}
		// The queries serve every waiter, so they must not die with the
		// first one's context; each query still has its own timeout.
		o, err := r.askInTurn(context.WithoutCancel(ctx), zone, servers, qname, qtype)
		return roundResult{o, err}, nil
	})
	select {
	case res := <-ch:
		f, _ := res.Val.(roundResult)
		return f.o, f.err
	case <-ctx.Done():
		err := &lookupError{zone: zone}
		for _, s := range servers {
			err.tried = append(err.tried, outcome{server: s, state: stateTimeout, detail: "no answer before the check's deadline"})
		}
		return outcome{}, err
	}
}

// askInTurn asks servers one after the other until one gives a usable
// response, as a resolver fails over, and caches that response. A server
// that has not answered within hedgeAfter does not hold up the next one:
// the next is asked too, and the first usable response wins, so a dead
// server costs hedgeAfter rather than a whole timeout. Servers that timed
// out before are asked last.
func (r *Resolver) askInTurn(ctx context.Context, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	r.mu.Lock()
	servers = slices.Clone(servers)
	slices.SortStableFunc(servers, func(a, b server) int {
		return cmpBool(r.silent[a.addr], r.silent[b.addr])
	})
	r.mu.Unlock()

	if len(servers) == 0 {
		return outcome{}, &lookupError{zone: zone}
	}
	type reply struct {
		i int
		o outcome
	}
	// Buffered for every server: queries still out when one answers end
	// on their own timeout without blocking.
	replies := make(chan reply, len(servers))
	tried := make([]*outcome, len(servers))
	asked := 0
	askNext := func() {
		i, s := asked, servers[asked]
		asked++
		go func() { replies <- reply{i, r.exchange(ctx, s, zone, qname, qtype)} }()
	}
	hedge := time.NewTimer(r.hedgeAfter())
	defer hedge.Stop()
	for askNext(); ; {
		select {
		case rep := <-replies:
			if rep.o.state == stateOK {
				r.remember(zone, qname, qtype, rep.o)
				return rep.o, nil
			}
			tried[rep.i] = &rep.o
			if asked < len(servers) {
				askNext()
				hedge.Reset(r.hedgeAfter())
			} else if !slices.Contains(tried[:asked], nil) {
				err := &lookupError{zone: zone}
				for _, o := range tried {
					err.tried = append(err.tried, *o)
				}
				return outcome{}, err
			}
		case <-hedge.C:
			if asked < len(servers) {
				askNext()
				hedge.Reset(r.hedgeAfter())
			}
		}
	}
}

// hedgeAfter is how long a walk waits on one server before asking the next
// as well; resolvers start near 400 ms (Unbound: 376 ms) for a server
// whose round-trip time they do not know yet.
func (r *Resolver) hedgeAfter() time.Duration {
	return min(r.timeout/4, 400*time.Millisecond)
}

// markSilent remembers that addr timed out, so that walks ask it last.
func (r *Resolver) markSilent(addr netip.AddrPort) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.silent[addr] = true
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// usableFor reports whether a response obtained for a shared walk step
// answers qname/qtype: a referral on the way to it, or its own answer.
func usableFor(o outcome, zone, qname string, qtype uint16) bool {
	q := o.msg.Question[0]
	if dns.CanonicalName(q.Name) == qname && q.Qtype == qtype {
		return true
	}
	return zone != "" && referral(o.msg, zone, qname) != nil
}
