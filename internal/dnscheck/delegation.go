package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// delegation is a zone and the name servers its parent lists for it.
type delegation struct {
	zone string
	// parent is the zone that referred to this one ("" for the root).
	parent string
	hosts  []string
	// glue holds the addresses the parent gave with the referral.
	glue map[string][]netip.AddrPort
}

// referral returns the child zone resp delegates qname to, or nil when
// resp is not a referral from zone towards qname.
func referral(resp *dns.Msg, zone, qname string) *delegation {
	if resp.Authoritative || resp.Rcode != dns.RcodeSuccess || len(resp.Answer) > 0 {
		return nil
	}
	var d *delegation
	for _, rr := range resp.Ns {
		ns, ok := rr.(*dns.NS)
		if !ok {
			continue
		}
		cut := dns.CanonicalName(ns.Hdr.Name)
		// A referral must move down towards qname, or the walk could loop.
		if cut == zone || !dns.IsSubDomain(zone, cut) || !dns.IsSubDomain(cut, qname) {
			continue
		}
		if d == nil {
			d = &delegation{zone: cut, parent: zone, glue: map[string][]netip.AddrPort{}}
		}
		if cut == d.zone {
			d.hosts = append(d.hosts, dns.CanonicalName(ns.Ns))
		}
	}
	if d == nil {
		return nil
	}
	for _, rr := range resp.Extra {
		host := dns.CanonicalName(rr.Header().Name)
		// Only glue the parent is authoritative for is trusted.
		if !dns.IsSubDomain(zone, host) || !slices.Contains(d.hosts, host) {
			continue
		}
		if a, ok := addressOf(rr); ok {
			d.glue[host] = append(d.glue[host], netip.AddrPortFrom(a, 53))
		}
	}
	return d
}

func (r *Resolver) knownZone(zone string) *delegation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.zones[zone]
}

// closestZone is the deepest known zone holding qname, the root at worst.
func (r *Resolver) closestZone(qname string) *delegation {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, off := range dns.Split(qname) {
		if d, ok := r.zones[qname[off:]]; ok {
			return d
		}
	}
	root := &delegation{zone: ".", glue: map[string][]netip.AddrPort{}}
	for _, s := range r.roots {
		root.hosts = append(root.hosts, s.name)
		root.glue[s.name] = []netip.AddrPort{s.addr}
	}
	return root
}

// learn remembers a delegation; the first one seen for a zone stays.
func (r *Resolver) learn(d *delegation) *delegation {
	r.mu.Lock()
	defer r.mu.Unlock()
	if known, ok := r.zones[d.zone]; ok {
		return known
	}
	r.zones[d.zone] = d
	return d
}

// serversOf lists the addresses to ask for zone: the glued ones, and the
// addresses of the other name servers when there is no glue or when all
// are wanted. Name servers that could not be resolved come back as
// outcomes saying why.
func (r *Resolver) serversOf(ctx context.Context, d *delegation, path []string, all bool) ([]server, []outcome) {
	// At most maxNSHosts of the zone's name servers are used: a
	// delegation to hundreds of names must not become hundreds of lookups
	// and queries.
	hosts, unresolvable := d.hosts, []outcome(nil)
	if len(hosts) > maxNSHosts {
		unresolvable = append(unresolvable, outcome{server: server{name: fmt.Sprintf("%d more name servers", len(hosts)-maxNSHosts)}, state: stateUnresolvable,
			detail: fmt.Sprintf("not used: the zone names %d name servers, and resolvers (as this check) use at most %d", len(hosts), maxNSHosts)})
		hosts = hosts[:maxNSHosts]
	}
	var servers []server
	for _, host := range hosts {
		for _, ap := range d.glue[host] {
			servers = append(servers, server{name: host, addr: ap})
		}
	}
	if len(servers) > 0 && !all {
		return servers, nil
	}
	// The glueless ones are looked up all at once.
	var glueless []string
	for _, host := range hosts {
		if len(d.glue[host]) == 0 {
			glueless = append(glueless, host)
		}
	}
	found := make([][]netip.Addr, len(glueless))
	why := make([]string, len(glueless))
	var wg sync.WaitGroup
	for i, host := range glueless {
		wg.Go(func() { found[i], why[i] = r.hostAddresses(ctx, host, path) })
	}
	wg.Wait()
	for i, host := range glueless {
		if len(found[i]) == 0 {
			unresolvable = append(unresolvable, outcome{server: server{name: host}, state: stateUnresolvable, detail: why[i]})
			continue
		}
		for _, a := range found[i] {
			servers = append(servers, server{name: host, addr: netip.AddrPortFrom(a, 53)})
		}
	}
	return servers, unresolvable
}

// hostAddresses resolves a name server's host name that came without glue.
func (r *Resolver) hostAddresses(ctx context.Context, host string, path []string) ([]netip.Addr, string) {
	switch {
	case slices.Contains(path, host):
		return nil, "its address depends on itself (" + strings.Join(append(displayAll(path), display(host)), " → ") + ")"
	case len(path) >= maxGluelessDepth:
		return nil, fmt.Sprintf("its address needs more than %d nested name server lookups", maxGluelessDepth)
	}
	res := r.resolve(ctx, host, append(slices.Clone(path), host), nil)
	switch {
	case res.err != nil:
		return nil, "its address could not be resolved: " + res.err.Error()
	case res.loop:
		return nil, "its address could not be resolved: CNAME loop"
	case res.rcode == dns.RcodeNameError:
		return nil, "it does not exist (NXDOMAIN)"
	case len(res.addrs) == 0:
		return nil, "it has no A or AAAA record"
	}
	return res.addrs, ""
}
