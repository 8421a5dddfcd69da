package dnscheck

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// lookupError says why a lookup got no usable answer: no server of zone
// gave one. zone is "" for the recursive resolvers.
type lookupError struct {
	zone  string
	tried []outcome
}

func (e *lookupError) Error() string {
	var parts []string
	for _, o := range e.tried {
		parts = append(parts, o.server.String()+": "+o.detail)
	}
	return strings.Join(parts, "; ")
}

// zoneAnswer is a usable response about a name and the zone that gave it,
// the zone holding the name (nil zone in recursive mode).
type zoneAnswer struct {
	zone *delegation
	from outcome
}

// bailiwick is the part of the tree whose records the answer may vouch for.
func (a zoneAnswer) bailiwick() string {
	if a.zone == nil {
		return "."
	}
	return a.zone.zone
}

// lookup gets the answer about qname/qtype from the zone authoritative for
// it, walking referrals from the closest zone already known. path lists
// the name server names being resolved on the way here, to stop loops.
// ahead, when not nil, is told of every zone on the way (see ahead.go).
func (r *Resolver) lookup(ctx context.Context, qname string, qtype uint16, path []string, ahead *ahead) (zoneAnswer, *lookupError) {
	if r.recursive() {
		o, err := r.ask(ctx, "", r.resolvers, qname, qtype)
		return zoneAnswer{from: o}, err
	}
	d := r.closestZone(qname)
	ahead.reachKnown(qname, d)
	for {
		ahead.reach(d, qname)
		servers, unresolvable := r.serversOf(ctx, d, path, false)
		if len(servers) == 0 {
			return zoneAnswer{}, &lookupError{zone: d.zone, tried: unresolvable}
		}
		o, err := r.ask(ctx, d.zone, servers, qname, qtype)
		if err != nil {
			return zoneAnswer{}, err
		}
		if child := referral(o.msg, d.zone, qname); child != nil {
			d = r.learn(child)
			continue
		}
		return zoneAnswer{zone: d, from: o}, nil
	}
}

// visit is a name on the chain and the zone that answered for it.
type visit struct {
	zone *delegation
	name string
}

// resolution is where a name led.
type resolution struct {
	// chain lists the names followed, the origin first.
	chain  []string
	visits []visit
	// final is the response about the last name of the chain.
	final outcome
	rcode int
	addrs []netip.Addr
	// loop is set when the chain revisits a name or grows past maxChain.
	loop bool
	err  *lookupError
}

// resolve follows name through CNAMEs to its A and AAAA records, asking
// for both types of each name at once. ahead, when not nil, is told of
// every zone the walk reaches.
func (r *Resolver) resolve(ctx context.Context, name string, path []string, ahead *ahead) resolution {
	res := resolution{chain: []string{name}}
	current := name
	for {
		var (
			v6    zoneAnswer
			v6Err *lookupError
			wg    sync.WaitGroup
		)
		// Needed only if current turns out to hold the addresses; asked
		// now so that it costs no round trip of its own.
		wg.Go(func() { v6, v6Err = r.lookup(ctx, current, dns.TypeAAAA, path, ahead) })
		ans, err := r.lookup(ctx, current, dns.TypeA, path, ahead)
		wg.Wait()
		if err != nil {
			res.err = err
			return res
		}
		res.visits = append(res.visits, visit{zone: ans.zone, name: current})
		res.final = ans.from
		targets, addrs := follow(ans.from.msg, current, dns.TypeA, ans.bailiwick())
		for _, t := range targets {
			res.loop = slices.Contains(res.chain, t) || len(res.chain) >= maxChain
			res.chain = append(res.chain, t)
			if res.loop {
				return res
			}
		}
		if len(targets) > 0 && len(addrs) == 0 {
			// The target is answered for elsewhere, or not at all: ask.
			current = res.chain[len(res.chain)-1]
			continue
		}
		res.rcode, res.addrs = ans.from.msg.Rcode, addrs
		if len(addrs) > 0 {
			res.rcode = dns.RcodeSuccess
		}
		if res.rcode == dns.RcodeNameError {
			return res
		}
		if v6Err != nil && len(addrs) == 0 {
			res.err = v6Err
			return res
		}
		if v6Err == nil {
			_, more := follow(v6.from.msg, current, dns.TypeAAAA, v6.bailiwick())
			res.addrs = append(res.addrs, more...)
		}
		slices.SortFunc(res.addrs, netip.Addr.Compare)
		res.addrs = slices.Compact(res.addrs)
		return res
	}
}

// follow reads the answer about qname: the CNAME targets it leads to, in
// order, and the addresses of type qtype of the last name. Records
// outside bailiwick are ignored: that zone cannot vouch for them. A
// target seen twice ends the list, for the caller to report the loop.
func follow(msg *dns.Msg, qname string, qtype uint16, bailiwick string) (targets []string, addrs []netip.Addr) {
	seen := map[string]bool{qname: true}
	for name := qname; ; {
		next := ""
		for _, rr := range msg.Answer {
			if dns.CanonicalName(rr.Header().Name) != name || !dns.IsSubDomain(bailiwick, name) {
				continue
			}
			if cname, ok := rr.(*dns.CNAME); ok && next == "" {
				next = dns.CanonicalName(cname.Target)
			}
			if a, ok := addressOf(rr); ok && rr.Header().Rrtype == qtype {
				addrs = append(addrs, a)
			}
		}
		if len(addrs) > 0 || next == "" {
			return targets, addrs
		}
		targets = append(targets, next)
		if seen[next] {
			return targets, nil
		}
		seen[next] = true
		name = next
	}
}

func addressOf(rr dns.RR) (netip.Addr, bool) {
	switch v := rr.(type) {
	case *dns.A:
		a, ok := netip.AddrFromSlice(v.A.To4())
		return a, ok
	case *dns.AAAA:
		a, ok := netip.AddrFromSlice(v.AAAA.To16())
		return a, ok
	}
	return netip.Addr{}, false
}

// childOf is the name one label below zone on the way to qname.
func childOf(zone, qname string) string {
	offsets := dns.Split(qname)
	i := len(offsets) - dns.CountLabel(zone) - 1
	if i < 0 {
		return qname
	}
	return qname[offsets[i]:]
}
