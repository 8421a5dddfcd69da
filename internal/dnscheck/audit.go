package dnscheck

import (
	"context"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Delegation consistency: the manual procedure (dig the apex NS set, then
// ask each name server for the origin; for a delegated subdomain, check its
// NS and SOA) done at every zone cut on the way to the origin:
//
//   - dns.parent_child_ns_mismatch: the parent's NS set (the referral) is
//     the zone's own apex NS set, and the zone's servers agree on it;
//   - dns.glue_mismatch: glue the parent hands out is the address the
//     name server's own zone gives;
//   - dns.ns_cname: no NS record names an alias (RFC 2181 §10.3);
//   - dns.soa_mismatch: every server answers the apex SOA with authority
//     and the same serial;
//   - dns.subdomain_delegation_broken: a delegated subdomain is a zone on
//     the servers it is delegated to (authoritative, SOA at its apex).
//
// NS host names that do not resolve are dns.lame_delegation (the sweep
// reports them). The root and TLDs are not audited: their serials move
// every few seconds and they are their operators' business, not the
// origin owner's. Zones below them that are not the user's (ownership.go)
// are audited, for their SOA serials tell a stale server from rotating
// records, but what their audit finds is a note.

// delegationChecks are the checks gradeAudits reports, each in every run.
var delegationChecks = []report.ID{
	report.DNSParentChildNSMismatch, report.DNSGlueMismatch, report.DNSNSCNAME,
	report.DNSSOAMismatch, report.DNSSubdomainDelegationBroken,
}

// audited reports whether the zone is below the TLDs.
func audited(zone string) bool { return dns.CountLabel(zone) >= 2 }

// zoneAudit is what the servers of one zone say about the zone itself:
// asked once per Resolver, shared by every origin under the zone.
type zoneAudit struct {
	d *delegation
	// soa and ns are each server address's answer for the apex.
	soa, ns []outcome
	// hosts are the resolutions of the NS host names the parent or the
	// zone lists; missing for hosts under a zone no server answered for.
	hosts map[string]resolution
}

// audit returns the zone's audit, running it once for all callers. It
// returns nil when ctx ends first.
func (r *Resolver) audit(ctx context.Context, d *delegation) *zoneAudit {
	r.mu.Lock()
	a := r.audits[d.zone]
	r.mu.Unlock()
	if a != nil {
		return a
	}
	ch := r.sharedWork.DoChan("audit "+d.zone, func() (any, error) {
		// An audit that ended between our look and this one has stored it.
		r.mu.Lock()
		done := r.audits[d.zone]
		r.mu.Unlock()
		if done != nil {
			return done, nil
		}
		// Shared by every waiter, so not bound to the first one's context;
		// each query has its own timeout.
		a := r.runAudit(context.WithoutCancel(ctx), d)
		r.mu.Lock()
		r.audits[d.zone] = a
		r.mu.Unlock()
		return a, nil
	})
	select {
	case res := <-ch:
		a, _ := res.Val.(*zoneAudit)
		return a
	case <-ctx.Done():
		return nil
	}
}

func (r *Resolver) runAudit(ctx context.Context, d *delegation) *zoneAudit {
	servers, _ := r.serversOf(ctx, d, nil, true)
	a := &zoneAudit{d: d, soa: make([]outcome, len(servers)), ns: make([]outcome, len(servers)), hosts: map[string]resolution{}}
	var (
		hosts sync.WaitGroup
		mu    sync.Mutex
	)
	// At most maxNSHosts host names of the parent's set and as many more
	// of the zone's own are resolved (see maxNSHosts).
	looked := 0
	resolveHost := func(h string) {
		if looked++; looked > 2*maxNSHosts {
			return
		}
		hosts.Go(func() {
			res := r.resolve(ctx, h, []string{h}, nil)
			mu.Lock()
			a.hosts[h] = res
			mu.Unlock()
		})
	}
	// The hosts the parent lists are resolved while the zone is asked
	// about itself. Under a zone no server answers for they fail in the
	// time the zone's own queries take.
	for _, h := range d.hosts[:min(len(d.hosts), maxNSHosts)] {
		resolveHost(h)
	}
	var apex sync.WaitGroup
	for i, srv := range servers {
		apex.Go(func() { a.soa[i] = r.exchange(ctx, srv, d.zone, d.zone, dns.TypeSOA) })
		apex.Go(func() { a.ns[i] = r.exchange(ctx, srv, d.zone, d.zone, dns.TypeNS) })
	}
	apex.Wait()
	// The hosts only the zone's own NS sets name are known only now.
	asked := slices.Clone(d.hosts)
	for _, set := range a.childNSSets() {
		for _, h := range set.hosts {
			if !slices.Contains(asked, h) {
				asked = append(asked, h)
				resolveHost(h)
			}
		}
	}
	hosts.Wait()
	return a
}

// nsSet is one NS set and the servers that answered it.
type nsSet struct {
	hosts   []string
	servers []string
}

// childNSSets groups the servers by the apex NS set they answered with
// authority.
func (a *zoneAudit) childNSSets() []nsSet {
	var sets []nsSet
	for _, o := range a.ns {
		if o.state != stateOK || !o.msg.Authoritative {
			continue
		}
		var hosts []string
		for _, rr := range o.msg.Answer {
			if ns, ok := rr.(*dns.NS); ok && dns.CanonicalName(ns.Hdr.Name) == a.d.zone {
				hosts = append(hosts, dns.CanonicalName(ns.Ns))
			}
		}
		slices.Sort(hosts)
		hosts = slices.Compact(hosts)
		i := slices.IndexFunc(sets, func(s nsSet) bool { return slices.Equal(s.hosts, hosts) })
		if i < 0 {
			sets = append(sets, nsSet{hosts: hosts})
			i = len(sets) - 1
		}
		sets[i].servers = append(sets[i].servers, o.server.String())
	}
	return sets
}

// serials maps each server address that answered the apex SOA with
// authority to its serial; empty for a nil audit.
func (a *zoneAudit) serials() map[netip.AddrPort]uint32 {
	out := map[netip.AddrPort]uint32{}
	if a == nil {
		return out
	}
	for _, o := range a.soa {
		if soa, ok := apexSOA(o, a.d.zone); ok {
			out[o.server.addr] = soa.Serial
		}
	}
	return out
}

// auditOf is the audit of zone among audits, or nil.
func auditOf(audits []*zoneAudit, zone string) *zoneAudit {
	for _, a := range audits {
		if a.d.zone == zone {
			return a
		}
	}
	return nil
}

// apexSOA returns the SOA a server gave for the zone apex with authority.
func apexSOA(o outcome, zone string) (*dns.SOA, bool) {
	if o.state != stateOK || !o.msg.Authoritative {
		return nil, false
	}
	for _, rr := range o.msg.Answer {
		if soa, ok := rr.(*dns.SOA); ok && dns.CanonicalName(soa.Hdr.Name) == zone {
			return soa, true
		}
	}
	return nil, false
}

// gradeAudits reports the delegation checks. resolved says whether the
// origin's name resolved: a broken sub-delegation fails only when it did
// not, since CloudFront survives a failure some server makes up for.
func (v *verdicts) gradeAudits(audits []*zoneAudit, resolved bool) {
	for _, a := range audits {
		zone := "zone " + display(a.d.zone)
		v.gradeNSSets(a, zone)
		v.gradeGlue(a)
		v.gradeNSAliases(a, zone)
		v.gradeSOA(a, zone)
		v.gradeSubdomain(a, zone, resolved)
	}
	v.notApplicableUnlessSeen("no zone below the TLDs answered on the way to the origin", report.DNSParentChildNSMismatch, report.DNSSOAMismatch)
	v.notApplicableUnlessSeen("no glue to compare on the way to the origin (name servers named outside their zones, or whose zones did not answer)", report.DNSGlueMismatch)
	v.notApplicableUnlessSeen("no name server host name could be resolved", report.DNSNSCNAME)
	v.notApplicableUnlessSeen("no delegated subdomain on the way to the origin (every zone cut is at a TLD or the root)", report.DNSSubdomainDelegationBroken)
}

func (v *verdicts) gradeNSSets(a *zoneAudit, zone string) {
	sets := a.childNSSets()
	parent := slices.Sorted(slices.Values(a.d.hosts))
	switch {
	case len(sets) == 0:
		return
	case len(sets) > 1:
		var said []string
		for _, s := range sets {
			said = append(said, strings.Join(s.servers, ", ")+" list "+hostList(s.hosts))
		}
		v.hygiene(report.DNSParentChildNSMismatch, report.Warn, a.d.zone, zone, "its servers disagree on the zone's NS set: "+strings.Join(said, "; "))
	case !slices.Equal(sets[0].hosts, parent):
		v.hygiene(report.DNSParentChildNSMismatch, report.Warn, a.d.zone, zone, fmt.Sprintf("the parent %s delegates to %s but the zone's servers list %s%s",
			display(a.d.parent), hostList(parent), hostList(sets[0].hosts), a.unresolvedChildHosts(parent, sets[0].hosts)))
	default:
		v.add(report.DNSParentChildNSMismatch, report.Pass, zone, "the parent "+display(a.d.parent)+" and the zone list the same name servers "+hostList(parent))
	}
}

// unresolvedChildHosts names the hosts only the zone lists whose address
// does not resolve: resolvers that trust the child's NS set use them.
func (a *zoneAudit) unresolvedChildHosts(parent, child []string) string {
	var bad []string
	for _, h := range child {
		if res, ok := a.hosts[h]; ok && !slices.Contains(parent, h) && len(res.addrs) == 0 {
			bad = append(bad, display(h))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return " (" + strings.Join(bad, ", ") + " " + plural(len(bad), "does", "do") + " not resolve)"
}

func (v *verdicts) gradeGlue(a *zoneAudit) {
	for _, host := range a.d.hosts {
		glue := a.d.glue[host]
		if len(glue) == 0 || a.d.parent == "" {
			continue
		}
		// Without the host's own address there is nothing to compare;
		// the sweep reports its zone's servers.
		res, ok := a.hosts[host]
		if !ok || len(res.addrs) == 0 {
			continue
		}
		target := fmt.Sprintf("glue for %s in %s", display(host), display(a.d.parent))
		var said []netip.Addr
		for _, ap := range glue {
			said = append(said, ap.Addr())
		}
		slices.SortFunc(said, netip.Addr.Compare)
		var own []netip.Addr
		for _, addr := range res.addrs {
			// The parent may leave out a family; compare the ones it gives.
			if slices.ContainsFunc(said, func(g netip.Addr) bool { return g.Is4() == addr.Is4() }) {
				own = append(own, addr)
			}
		}
		if slices.Equal(said, own) {
			v.add(report.DNSGlueMismatch, report.Pass, target, "matches "+joinAddrs(own))
			continue
		}
		v.hygiene(report.DNSGlueMismatch, report.Warn, a.d.zone, target, fmt.Sprintf("says %s but %s resolves to %s",
			joinAddrs(said), display(host), joinAddrs(own)))
	}
}

func (v *verdicts) gradeNSAliases(a *zoneAudit, zone string) {
	for _, host := range slices.Sorted(maps.Keys(a.hosts)) {
		res := a.hosts[host]
		if len(res.chain) > 1 {
			v.hygiene(report.DNSNSCNAME, report.Warn, a.d.zone, zone, fmt.Sprintf("name server %s is an alias (%s); NS records must name a host with its own A/AAAA records (RFC 2181 §10.3), and some resolvers do not follow the alias",
				display(host), strings.Join(displayAll(res.chain), " → ")))
		} else if len(res.addrs) > 0 {
			v.add(report.DNSNSCNAME, report.Pass, zone, "name server "+display(host)+" is not an alias")
		}
	}
}

func (v *verdicts) gradeSOA(a *zoneAudit, zone string) {
	serials := map[uint32][]string{}
	var missing []string
	for _, o := range a.soa {
		if soa, ok := apexSOA(o, a.d.zone); ok {
			serials[soa.Serial] = append(serials[soa.Serial], o.server.String())
		} else if o.state == stateOK && o.msg.Authoritative {
			missing = append(missing, o.server.String()+" answered "+summarizeAnswer(o.msg))
		}
	}
	if len(missing) > 0 {
		v.hygiene(report.DNSSOAMismatch, report.Warn, a.d.zone, zone, "no SOA at the zone apex from "+strings.Join(missing, "; "))
	}
	switch {
	case len(serials) > 1:
		var said []string
		for _, serial := range slices.Sorted(maps.Keys(serials)) {
			said = append(said, fmt.Sprintf("%s serve serial %d", strings.Join(serials[serial], ", "), serial))
		}
		v.hygiene(report.DNSSOAMismatch, report.Warn, a.d.zone, zone, "the servers serve different versions of the zone: "+strings.Join(said, "; "))
	case len(serials) == 1 && len(missing) == 0:
		for serial, servers := range serials {
			v.add(report.DNSSOAMismatch, report.Pass, zone, fmt.Sprintf("%d of %d servers serve SOA serial %d", len(servers), len(a.soa), serial))
		}
	}
}

// gradeSubdomain judges a zone delegated from a zone below a TLD (a
// delegated subdomain, such as origin.example.com delegated from
// example.com): each server it is delegated to must answer for its apex
// with authority and an SOA. Servers that do not answer at all
// are dns.server_unreachable's, and SERVFAIL is dns.servfail's.
func (v *verdicts) gradeSubdomain(a *zoneAudit, zone string, resolved bool) {
	if !audited(a.d.parent) {
		return
	}
	var ok int
	var broken []string
	for _, o := range a.soa {
		switch _, hasSOA := apexSOA(o, a.d.zone); {
		case hasSOA:
			ok++
		case o.state == stateOK:
			broken = append(broken, o.server.String()+": answered without the zone's SOA ("+summarizeAnswer(o.msg)+")")
		case o.answered() && o.state != stateServFail:
			// SERVFAIL is a zone that failed to load or validate: dns.servfail.
			broken = append(broken, o.server.String()+": "+o.detail)
		}
	}
	delegated := fmt.Sprintf("%s, delegated from %s", zone, display(a.d.parent))
	switch {
	case len(broken) == 0 && ok > 0:
		v.add(report.DNSSubdomainDelegationBroken, report.Pass, delegated, fmt.Sprintf("%d of %d servers serve it with its SOA", ok, len(a.soa)))
	case len(broken) == 0:
		v.add(report.DNSSubdomainDelegationBroken, report.Skip, delegated, "no server answered (see dns.server_unreachable)")
	default:
		grade := report.Warn
		if ok == 0 && !resolved {
			grade = report.Fail
		}
		v.hygiene(report.DNSSubdomainDelegationBroken, grade, a.d.zone, delegated, fmt.Sprintf("%d of %d servers it is delegated to %s not serve it as a zone: %s",
			len(broken), len(a.soa), plural(len(broken), "does", "do"), strings.Join(broken, "; ")))
	}
}
