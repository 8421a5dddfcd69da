package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Question is what Check is asked about one origin.
type Question struct {
	// Name is the origin's domain name.
	Name string
	// HostHeader is the Host CloudFront forwards ("" for none): the zones
	// under its registrable domain are the user's too.
	HostHeader string
	// IPv4 and IPv6 are the address families CloudFront connects over
	// (ip_address_type): every server's A records are compared for IPv4,
	// its AAAA records for IPv6. Neither means IPv4, CloudFront's default.
	IPv4, IPv6 bool
}

// sweptTypes are the record types every server is asked about.
func (q Question) sweptTypes() []uint16 {
	var types []uint16
	if q.IPv4 || !q.IPv6 {
		types = append(types, dns.TypeA)
	}
	if q.IPv6 {
		types = append(types, dns.TypeAAAA)
	}
	return types
}

// Nameserver is one address of one authoritative server of a zone on the
// origin's CNAME chain, and how it answered for the origin.
type Nameserver struct {
	Name    string
	Address netip.Addr
	Zone    string
	// Status is what the server did with the query about the origin; its
	// String is ok, timeout, unreachable, refused, servfail, lame, error,
	// unresolvable (no address for the host name) or skipped (not asked:
	// this machine has no route to its address family, e.g. IPv6; not
	// verified, never counted as answering).
	Status ServerState
	Detail string
}

// Result is what Check found.
type Result struct {
	// Addresses are every A/AAAA the origin resolves to, sorted, deduped.
	Addresses []netip.Addr
	// CNAMEChain lists the names followed, the origin first.
	CNAMEChain []string
	// Nameservers are the servers of every zone that answered on the
	// chain, the origin's zone first; empty in recursive mode.
	Nameservers []Nameserver
	// Unverified, when not empty, says why the name could not be resolved
	// from this machine although it may resolve for CloudFront: servers
	// that would have been asked could not be (no route from here to their
	// address family), and none that could be asked answered. Addresses is
	// then empty; a dns check warns, none fails for those servers.
	Unverified string
}

// walkNotDone explains the checks recursive mode cannot run.
const walkNotDone = "dns_resolvers is set: the name was resolved through the recursive resolvers, so the delegation walk was not done and authoritative servers were not asked one by one"

// Check resolves q.Name, reports every DNS check into b, and returns what
// it found. Case and a trailing dot do not matter, as in DNS.
func (r *Resolver) Check(ctx context.Context, q Question, b *report.Builder) Result {
	name := dns.CanonicalName(strings.TrimSpace(q.Name))
	v := &verdicts{b: b, seen: map[report.ID]bool{}, owners: ownersOf(name, q.HostHeader)}
	res := Result{}
	if _, ok := dns.IsDomainName(name); !ok || name == "." {
		v.notApplicableUnlessSeen("not a valid DNS name: "+name, dnsChecks...)
		v.notApplicableUnlessSeen("not a valid DNS name: "+name, delegationChecks...)
		return res
	}
	if len(r.roots) == 0 && len(r.resolvers) == 0 {
		v.add(report.DNSTimeout, report.Fail, "", "no root servers or resolvers are configured, so no server could be asked")
		v.notApplicableUnlessSeen("no server could be asked", dnsChecks...)
		v.notApplicableUnlessSeen("no server could be asked", delegationChecks...)
		return res
	}

	ctx, spent := withBudget(ctx, int64(r.budget))
	var walk *ahead
	if !r.recursive() {
		walk = newAhead(ctx, r, q.sweptTypes())
		defer walk.wait()
	}
	rs := r.resolve(ctx, name, nil, walk)
	res.CNAMEChain, res.Addresses = displayAll(rs.chain), rs.addrs
	if rs.err != nil {
		res.Unverified = strings.TrimSuffix(notAsked(serversPhrase(rs.err.zone), rs.err.tried), "; not verified")
	}
	var (
		sweeps []zoneSweep
		audits []*zoneAudit
	)
	if r.recursive() {
		v.notApplicableUnlessSeen(walkNotDone, report.DNSServerUnreachable, report.DNSLameDelegation, report.DNSInconsistentAnswers, report.DNSPrivateNameserver)
		v.notApplicableUnlessSeen(walkNotDone, delegationChecks...)
	} else {
		sweeps, audits = r.sweep(ctx, rs, walk)
		res.Nameservers = nameservers(sweeps)
	}
	v.gradeResolution(rs, r.recursive())
	for _, s := range sweeps {
		v.gradeSweep(s, auditOf(audits, s.zone))
	}
	if !r.recursive() {
		v.gradeAudits(audits, rs.err == nil)
	}
	if spent.exhausted.Load() {
		// Unbound, BIND and the resolvers CloudFront can use give up
		// (SERVFAIL) on a name that needs this much work.
		grade := report.Warn
		if rs.err != nil {
			grade = report.Fail
		}
		v.add(report.DNSServFail, grade, display(name), fmt.Sprintf("resolving the name and asking every server on the way needs more than %d queries: a delegation this large or deep is one CloudFront's resolver would give up on too (SERVFAIL); shorten the CNAME chain and give each zone a few name servers with glue", r.budget))
	}
	v.notApplicableUnlessSeen("no zone on the chain answered", report.DNSServerUnreachable, report.DNSLameDelegation, report.DNSPrivateNameserver)
	v.notApplicableUnlessSeen("fewer than two authoritative servers of a zone answered, so there was nothing to compare", report.DNSInconsistentAnswers)
	return res
}

// dnsChecks are the checks Check reports, each in every run.
var dnsChecks = []report.ID{
	report.DNSNXDomain, report.DNSNoData, report.DNSServFail, report.DNSTimeout, report.DNSCNAMELoop,
	report.DNSServerUnreachable, report.DNSLameDelegation, report.DNSInconsistentAnswers, report.DNSPrivateNameserver,
}

// verdicts remembers which checks got an observation, so that every check
// is reported in every run.
type verdicts struct {
	b    *report.Builder
	seen map[report.ID]bool
	// owners decide whose zones are graded strictly (ownership.go).
	owners owners
}

func (v *verdicts) add(id report.ID, s report.Status, target, detail string) {
	v.seen[id] = true
	v.b.Add(report.Observation{ID: id, Status: s, Target: target, Detail: detail})
}

// unverified records what this machine could not ask (see report.Builder.Unverified).
func (v *verdicts) unverified(id report.ID, target, detail string) {
	v.seen[id] = true
	v.b.Unverified(id, report.Warn, target, detail)
}

// hygiene records a finding about a zone's upkeep: graded s in the user's
// zones, a passing note naming the operator in anyone else's.
func (v *verdicts) hygiene(id report.ID, s report.Status, zone, target, detail string) {
	if s == report.Warn && !v.owners.own(zone) {
		s, detail = report.Pass, "note: "+detail+"; "+v.owners.notYours(zone)
	}
	v.add(id, s, target, detail)
}

func (v *verdicts) notApplicableUnlessSeen(reason string, ids ...report.ID) {
	for _, id := range ids {
		if !v.seen[id] {
			v.add(id, report.Skip, "", reason)
		}
	}
}

// gradeResolution reports what the walk (or the resolvers) ended with.
func (v *verdicts) gradeResolution(rs resolution, recursive bool) {
	via := ""
	if recursive {
		via = " (through the recursive resolvers; delegation walk not done)"
	}
	last := rs.chain[len(rs.chain)-1]
	if rs.err != nil {
		v.gradeFailure(rs.err, last, recursive)
		v.notApplicableUnlessSeen("no usable answer for "+display(last)+" (see the other dns checks)",
			report.DNSNXDomain, report.DNSNoData, report.DNSCNAMELoop)
		return
	}
	answeredBy := rs.final.server.String()
	v.add(report.DNSTimeout, report.Pass, answeredBy, "answered for "+display(last)+via)
	v.add(report.DNSServFail, report.Pass, answeredBy, "answered "+dns.RcodeToString[rs.final.msg.Rcode]+" for "+display(last)+via)

	chain := strings.Join(displayAll(rs.chain), " → ")
	if rs.loop {
		detail := "the CNAME chain comes back to " + display(last)
		if !slices.Contains(rs.chain[:len(rs.chain)-1], last) {
			detail = fmt.Sprintf("the CNAME chain is longer than %d names", maxChain)
		}
		v.add(report.DNSCNAMELoop, report.Fail, chain, detail)
		v.notApplicableUnlessSeen("the CNAME chain does not end", report.DNSNXDomain, report.DNSNoData)
		return
	}
	if len(rs.chain) == 1 {
		v.add(report.DNSCNAMELoop, report.Pass, display(last), "no CNAME")
	} else {
		v.add(report.DNSCNAMELoop, report.Pass, chain, fmt.Sprintf("the CNAME chain ends at %s", display(last)))
	}
	if rs.rcode == dns.RcodeNameError {
		v.add(report.DNSNXDomain, report.Fail, answeredBy, display(last)+" does not exist (NXDOMAIN)"+viaChain(rs.chain)+via)
		v.add(report.DNSNoData, report.Skip, "", display(last)+" does not exist (see dns.nxdomain)")
		return
	}
	v.add(report.DNSNXDomain, report.Pass, answeredBy, display(last)+" exists"+via)
	if len(rs.addrs) == 0 {
		v.add(report.DNSNoData, report.Fail, answeredBy, display(last)+" exists but has no A or AAAA record"+viaChain(rs.chain)+via)
		return
	}
	v.add(report.DNSNoData, report.Pass, display(last), "resolves to "+joinAddrs(rs.addrs))
}

// gradeFailure reports why no server gave a usable answer. Lame servers
// of a zone are reported by gradeSweep.
func (v *verdicts) gradeFailure(e *lookupError, qname string, recursive bool) {
	var unanswered, servfail, other []outcome
	// A server this machine could not ask may have answered CloudFront:
	// the failure is not verified, so it warns.
	grade := report.Fail
	asked := "for " + display(qname) + ": "
	if why := notAsked(serversPhrase(e.zone), e.tried); why != "" {
		grade = report.Warn
		v.unverified(report.DNSTimeout, "", asked+why)
	}
	for _, o := range e.tried {
		switch o.state {
		case stateSkipped:
		case stateTimeout, stateUnreachable:
			unanswered = append(unanswered, o)
		case stateServFail:
			servfail = append(servfail, o)
		default:
			other = append(other, o)
		}
	}
	switch {
	case len(servfail) == 0 && len(other) == 0 && len(unanswered) > 0:
		for _, o := range unanswered {
			v.add(report.DNSTimeout, grade, o.server.String(), asked+o.detail)
		}
	case len(servfail) > 0:
		for _, o := range servfail {
			v.add(report.DNSServFail, grade, o.server.String(), asked+o.detail)
		}
	case recursive:
		// A resolver that refuses to recurse for us fails like SERVFAIL.
		for _, o := range other {
			v.add(report.DNSServFail, grade, o.server.String(), asked+o.detail+" (check dns_resolvers)")
		}
	}
	// Whatever did answer shows that servers are up and not failing.
	if i := slices.IndexFunc(e.tried, outcome.answered); i >= 0 {
		o := e.tried[i]
		for _, id := range []report.ID{report.DNSTimeout, report.DNSServFail} {
			if !v.seen[id] {
				v.add(id, report.Pass, o.server.String(), asked+o.detail)
			}
		}
	}
	where := "resolvers"
	if !recursive {
		where = "zone " + display(e.zone)
	}
	v.notApplicableUnlessSeen("no server of "+where+" answered", report.DNSTimeout, report.DNSServFail)
}
