// Package dnscheck is the DNS stage of the engine. It resolves an origin's
// name the way CloudFront's public-DNS view does, by walking the delegation
// from the root servers (or through configured recursive resolvers), and
// grades what it sees: NXDOMAIN, NODATA, SERVFAIL, timeouts, CNAME loops,
// and, by asking every authoritative server of each zone on the origin's
// CNAME chain, unreachable, lame and disagreeing servers.
package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// Modes a Result can report.
const (
	ModeIterative = "iterative"
	ModeRecursive = "recursive"
)

// Nameserver is one address of one authoritative server of a zone on the
// origin's CNAME chain, and how it answered for the origin.
type Nameserver struct {
	Name    string
	Address netip.Addr
	Zone    string
	// Status is ok, timeout, unreachable, refused, servfail, lame, error,
	// unresolvable (no address for the host name) or skipped (not asked:
	// this machine has no route to its address family, e.g. IPv6; not
	// verified, never counted as answering).
	Status string
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
	Mode        string
	// Unverified, when not empty, says why the name could not be resolved
	// from this machine although it may resolve for CloudFront: servers
	// that would have been asked could not be (no route from here to their
	// address family), and none that could be asked answered. Addresses is
	// then empty; a dns check warns, none fails for those servers.
	Unverified string
}

// walkNotDone explains the checks recursive mode cannot run.
const walkNotDone = "dns_resolvers is set: the name was resolved through the recursive resolvers, so the delegation walk was not done and authoritative servers were not asked one by one"

// Check resolves name, reports every DNS check into b, and returns what it
// found. Case and a trailing dot do not matter, as in DNS.
func (r *Resolver) Check(ctx context.Context, name string, b *report.Builder) Result {
	v := &verdicts{b: b, seen: map[report.ID]bool{}}
	res := Result{Mode: ModeIterative}
	if r.recursive() {
		res.Mode = ModeRecursive
	}
	name = dns.CanonicalName(strings.TrimSpace(name))
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

	var walk *ahead
	if !r.recursive() {
		walk = newAhead(ctx, r)
		defer walk.wait()
	}
	rs := r.resolve(ctx, name, nil, walk)
	res.CNAMEChain, res.Addresses = displayAll(rs.chain), rs.addrs
	if rs.err != nil {
		res.Unverified = strings.TrimSuffix(notAsked(serversOf(rs.err.zone), rs.err.tried), "; not verified")
	}
	var (
		sweeps []zoneSweep
		audits []*zoneAudit
	)
	if r.recursive() {
		v.notApplicableUnlessSeen(walkNotDone, report.DNSServerUnreachable, report.DNSLameDelegation, report.DNSInconsistentAnswers)
		v.notApplicableUnlessSeen(walkNotDone, delegationChecks...)
	} else {
		sweeps, audits = r.sweep(ctx, rs, walk)
		res.Nameservers = nameservers(sweeps)
	}
	v.gradeResolution(rs, r.recursive())
	for _, s := range sweeps {
		v.gradeSweep(s)
	}
	if !r.recursive() {
		v.gradeAudits(audits, rs.err == nil)
	}
	v.notApplicableUnlessSeen("no zone on the chain answered", report.DNSServerUnreachable, report.DNSLameDelegation)
	v.notApplicableUnlessSeen("fewer than two authoritative servers of a zone answered, so there was nothing to compare", report.DNSInconsistentAnswers)
	return res
}

// dnsChecks are the checks Check reports, each in every run.
var dnsChecks = []report.ID{
	report.DNSNXDomain, report.DNSNoData, report.DNSServFail, report.DNSTimeout, report.DNSCNAMELoop,
	report.DNSServerUnreachable, report.DNSLameDelegation, report.DNSInconsistentAnswers,
}

// verdicts remembers which checks got an observation, so that every check
// is reported in every run.
type verdicts struct {
	b    *report.Builder
	seen map[report.ID]bool
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
	if why := notAsked(serversOf(e.zone), e.tried); why != "" {
		grade = report.Warn
		v.unverified(report.DNSTimeout, "", asked+why)
	}
	for _, o := range e.tried {
		switch o.status {
		case statusSkipped:
		case statusTimeout, statusUnreachable:
			unanswered = append(unanswered, o)
		case statusServFail:
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

// zoneSweep is every server of one zone asked about the chain's name in it.
type zoneSweep struct {
	zone     string
	outcomes []outcome
}

// sweep asks every address of every name server of each zone on the way
// (see stops) about the chain's name in that zone, and audits the zones
// below the TLDs, all in parallel; what ahead started during the walk is
// waited for, not asked again. The zone where the walk failed is graded
// from what the walk saw, so a dead server costs one timeout.
func (r *Resolver) sweep(ctx context.Context, rs resolution, ahead *ahead) ([]zoneSweep, []*zoneAudit) {
	stops := r.stops(rs)
	sweeps := make([]zoneSweep, len(stops))
	audits := make([]*zoneAudit, len(stops))
	var wg sync.WaitGroup
	for i, st := range stops {
		if audited(st.zone.zone) {
			wg.Go(func() { audits[i] = r.audit(ctx, st.zone) })
		}
		sweeps[i].zone = st.zone.zone
		if rs.err != nil && rs.err.zone == st.zone.zone {
			sweeps[i].outcomes = rs.err.tried
			continue
		}
		wg.Go(func() { sweeps[i].outcomes = ahead.sweep(ctx, st.zone, st.name) })
	}
	wg.Wait()
	if rs.err != nil && !slices.ContainsFunc(sweeps, func(s zoneSweep) bool { return s.zone == rs.err.zone }) {
		// The root, which no referral names.
		sweeps = slices.Insert(sweeps, len(sweeps), zoneSweep{zone: rs.err.zone, outcomes: rs.err.tried})
	}
	return sweeps, slices.DeleteFunc(audits, func(a *zoneAudit) bool { return a == nil })
}

// sweepZone asks every address of every name server of d about name, all
// at once; name servers without an address come back as outcomes saying
// why.
func (r *Resolver) sweepZone(ctx context.Context, d *delegation, name string) []outcome {
	servers, unresolvable := r.serversOf(ctx, d, nil, true)
	outcomes := make([]outcome, len(servers)+len(unresolvable))
	copy(outcomes[len(servers):], unresolvable)
	var wg sync.WaitGroup
	for i, srv := range servers {
		wg.Go(func() { outcomes[i] = r.exchange(ctx, srv, d.zone, name, dns.TypeA) })
	}
	wg.Wait()
	return outcomes
}

// gradeSweep reports the servers of one zone: a failure CloudFront
// survives because another server answers is a warning.
func (v *verdicts) gradeSweep(s zoneSweep) {
	var asked, ok int
	var unanswered, lame []string
	answers := map[string][]string{}
	for _, o := range s.outcomes {
		line := o.server.String() + ": " + o.detail
		switch o.status {
		case statusSkipped:
			continue
		case statusOK:
			ok++
			if o.msg.Authoritative {
				said := summarizeAnswer(o.msg)
				answers[said] = append(answers[said], o.server.String())
			}
		case statusTimeout, statusUnreachable:
			unanswered = append(unanswered, line)
		default:
			lame = append(lame, line)
		}
		asked++
	}
	zone := "zone " + display(s.zone)
	// Servers this machine could not ask are not verified: a warning, and
	// they count neither as answering nor as failing.
	unverified := notAsked("name servers", s.outcomes)
	grade := report.Warn
	if ok == 0 && unverified == "" {
		grade = report.Fail
	}
	if unverified != "" {
		v.unverified(report.DNSServerUnreachable, zone, unverified)
	}
	for _, g := range []struct {
		id      report.ID
		servers []string
		verb    string
	}{
		{report.DNSServerUnreachable, unanswered, "not answer"},
		{report.DNSLameDelegation, lame, "not serve the zone"},
	} {
		switch {
		case len(g.servers) == 0 && asked == 0:
			v.add(g.id, report.Skip, zone, "not verified: no name server could be asked from this machine (see dns.server_unreachable)")
			continue
		case len(g.servers) == 0 && unverified != "":
			v.add(g.id, report.Pass, zone, fmt.Sprintf("%d of %d name servers asked; %d could not be asked from this machine (see dns.server_unreachable)",
				asked, len(s.outcomes), len(s.outcomes)-asked))
			continue
		case len(g.servers) == 0:
			v.add(g.id, report.Pass, zone, fmt.Sprintf("%d of %d name servers answer", asked, asked))
			continue
		}
		v.add(g.id, grade, zone, fmt.Sprintf("%d of %d name servers %s %s: %s",
			len(g.servers), asked, plural(len(g.servers), "does", "do"), g.verb, strings.Join(g.servers, "; ")))
	}

	switch {
	case len(answers) > 1:
		var said []string
		for answer, servers := range answers {
			said = append(said, strings.Join(servers, ", ")+" answered "+answer)
		}
		slices.Sort(said)
		v.add(report.DNSInconsistentAnswers, report.Warn, zone, "the authoritative servers disagree: "+strings.Join(said, "; "))
	case ok > 1:
		for answer := range answers {
			v.add(report.DNSInconsistentAnswers, report.Pass, zone, fmt.Sprintf("%d name servers answered %s", ok, answer))
		}
	}
}

// serversOf names the servers of zone ("" for the recursive resolvers)
// in a sentence.
func serversOf(zone string) string {
	if zone == "" {
		return "resolvers (dns_resolvers)"
	}
	return "name servers of zone " + display(zone)
}

// notAsked says which of outcomes' servers this machine could not ask and
// why: "2 of 2 name servers could not be asked from this machine: it has
// no IPv6 route (ns1.example.test (2001:db8::53), …); not verified". It
// is "" when every server was asked.
func notAsked(servers string, outcomes []outcome) string {
	var names, why []string
	for _, o := range outcomes {
		if o.status != statusSkipped {
			continue
		}
		names = append(names, o.server.String())
		if r := noRoute(o.server.addr.Addr()); !slices.Contains(why, r) {
			why = append(why, r)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(why)
	return fmt.Sprintf("%d of %d %s could not be asked from this machine: it has %s (%s); not verified",
		len(names), len(outcomes), servers, strings.Join(why, " and "), strings.Join(names, ", "))
}

// summarizeAnswer says what a server answered, in a form that compares
// equal for equal answers.
func summarizeAnswer(m *dns.Msg) string {
	if m.Rcode != dns.RcodeSuccess {
		return dns.RcodeToString[m.Rcode]
	}
	var data []string
	for _, rr := range m.Answer {
		data = append(data, dns.TypeToString[rr.Header().Rrtype]+" "+strings.TrimPrefix(rr.String(), rr.Header().String()))
	}
	if len(data) == 0 {
		return "no records (NODATA)"
	}
	slices.Sort(data)
	return strings.Join(data, ", ")
}

func nameservers(sweeps []zoneSweep) []Nameserver {
	var out []Nameserver
	for _, s := range sweeps {
		for _, o := range s.outcomes {
			detail := o.detail
			if o.status == statusOK {
				detail = "answered " + summarizeAnswer(o.msg)
			}
			out = append(out, Nameserver{
				Name: display(o.server.name), Address: o.server.addr.Addr(), Zone: display(s.zone),
				Status: o.status, Detail: detail,
			})
		}
	}
	return out
}

func viaChain(chain []string) string {
	if len(chain) == 1 {
		return ""
	}
	return " (CNAME chain " + strings.Join(displayAll(chain), " → ") + ")"
}

func joinAddrs(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
