package dnscheck

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// stop is a zone cut on the way to a name of the CNAME chain, and that
// name, which its servers are asked about.
type stop struct {
	zone *delegation
	name string
}

// stops lists the zones to sweep: those that answered for a name of the
// chain (the origin's zone first), the zone where the walk failed, then
// every zone cut below the TLDs on the way, deepest first.
func (r *Resolver) stops(rs resolution) []stop {
	var out []stop
	add := func(d *delegation, name string) {
		if !slices.ContainsFunc(out, func(s stop) bool { return s.zone.zone == d.zone }) {
			out = append(out, stop{zone: d, name: name})
		}
	}
	for _, v := range rs.visits {
		add(v.zone, v.name)
	}
	if rs.err != nil {
		if d := r.knownZone(rs.err.zone); d != nil {
			add(d, rs.chain[len(rs.chain)-1])
		}
	}
	for _, name := range rs.chain {
		for _, off := range dns.Split(name) {
			if d := r.knownZone(name[off:]); d != nil && audited(d.zone) {
				add(d, name)
			}
		}
	}
	return out
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
		switch o.state {
		case stateSkipped:
			continue
		case stateOK:
			ok++
			if o.msg.Authoritative {
				said := summarizeAnswer(o.msg)
				answers[said] = append(answers[said], o.server.String())
			}
		case stateTimeout, stateUnreachable:
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
			if o.state == stateOK {
				detail = "answered " + summarizeAnswer(o.msg)
			}
			out = append(out, Nameserver{
				Name: display(o.server.name), Address: o.server.addr.Addr(), Zone: display(s.zone),
				Status: o.state, Detail: detail,
			})
		}
	}
	return out
}
