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

// sweepZone asks every address of every name server of d about name, one
// query per type of types, all at once; name servers without an address
// come back as outcomes saying why.
func (r *Resolver) sweepZone(ctx context.Context, d *delegation, name string, types []uint16) []outcome {
	servers, unresolvable := r.serversOf(ctx, d, nil, true)
	outcomes := make([]outcome, len(servers)*len(types), len(servers)*len(types)+len(unresolvable))
	var wg sync.WaitGroup
	for i, srv := range servers {
		for j, qtype := range types {
			wg.Go(func() { outcomes[i*len(types)+j] = r.exchange(ctx, srv, d.zone, name, qtype) })
		}
	}
	wg.Wait()
	return append(outcomes, unresolvable...)
}

// serverSweep is what one server address did with every type asked.
type serverSweep struct {
	// worst is its first failed outcome, else its first.
	worst outcome
	all   []outcome
}

// byServer groups a sweep's outcomes by server address, in order.
func byServer(outcomes []outcome) []serverSweep {
	var out []serverSweep
	for _, o := range outcomes {
		i := slices.IndexFunc(out, func(s serverSweep) bool { return s.worst.server == o.server })
		if i < 0 {
			out = append(out, serverSweep{worst: o})
			i = len(out) - 1
		}
		out[i].all = append(out[i].all, o)
		if out[i].worst.state == stateOK && o.state != stateOK {
			out[i].worst = o
		}
	}
	return out
}

// gradeSweep reports the servers of one zone: a failure CloudFront
// survives because another server answers is a warning. a is the zone's
// audit (nil for a zone that gets none), whose SOA serials tell a stale
// copy from records that vary by design.
func (v *verdicts) gradeSweep(s zoneSweep, a *zoneAudit) {
	servers := byServer(s.outcomes)
	worst := make([]outcome, len(servers))
	var asked, ok int
	var unanswered, lame, withoutEDNS, nonPublic []string
	for i, srv := range servers {
		o := srv.worst
		worst[i] = o
		line := o.server.String() + ": " + o.detail
		switch o.state {
		case stateSkipped:
			continue
		case stateNotPublic:
			nonPublic = append(nonPublic, line)
			continue
		case stateOK:
			ok++
			if o.withoutEDNS != "" {
				withoutEDNS = append(withoutEDNS, o.server.String()+" "+o.withoutEDNS)
			}
		case stateTimeout, stateUnreachable:
			unanswered = append(unanswered, line)
		default:
			lame = append(lame, line)
		}
		asked++
	}
	zone := "zone " + display(s.zone)
	// Servers this machine could not ask count neither as answering nor
	// as failing. When none of the servers it could ask answered, they may
	// be all that answers CloudFront: not verified, a warning. When others
	// answered, CloudFront resolves the name either way: a note.
	skipped := notAsked("name server addresses", worst)
	grade := report.Warn
	if ok == 0 && skipped == "" {
		grade = report.Fail
	}
	note, lameNote := "", ""
	switch {
	case skipped != "" && ok == 0:
		v.unverified(report.DNSServerUnreachable, zone, skipped)
	case skipped != "":
		note = "; note: " + strings.TrimSuffix(skipped, "; not verified") + "; the others answer, which is all CloudFront needs"
		lameNote = fmt.Sprintf("; %d could not be asked from this machine (see dns.server_unreachable)", len(servers)-asked)
	}
	if len(withoutEDNS) > 0 {
		lameNote += "; note: " + strings.Join(withoutEDNS, "; ") + " and answered without it, as CloudFront's resolvers retry"
	}
	for _, g := range []struct {
		id      report.ID
		servers []string
		verb    string
		note    string
	}{
		{report.DNSServerUnreachable, unanswered, "not answer", note},
		{report.DNSLameDelegation, lame, "not serve the zone", lameNote},
	} {
		switch {
		case len(g.servers) == 0 && asked == 0:
			v.add(g.id, report.Skip, zone, "not verified: no name server could be asked (see dns.server_unreachable and dns.private_nameserver)")
		case len(g.servers) == 0:
			v.add(g.id, report.Pass, zone, fmt.Sprintf("%d of %d name servers answer%s", asked, asked, g.note))
		default:
			v.hygiene(g.id, grade, s.zone, zone, fmt.Sprintf("%d of %d name servers %s %s: %s%s",
				len(g.servers), asked, plural(len(g.servers), "does", "do"), g.verb, strings.Join(g.servers, "; "), g.note))
		}
	}
	v.gradeNonPublic(s.zone, nonPublic, ok, asked)
	v.gradeAnswers(s, servers, a)
}

// gradeNonPublic reports the name servers of a zone not asked because
// their address is not public: a failure when no server of the zone
// answered, since CloudFront's resolver cannot reach them either.
func (v *verdicts) gradeNonPublic(zone string, servers []string, ok, asked int) {
	target := "zone " + display(zone)
	switch {
	case len(servers) == 0 && asked == 0:
		v.add(report.DNSPrivateNameserver, report.Skip, target, "not verified: no name server could be asked from this machine (see dns.server_unreachable)")
	case len(servers) == 0:
		v.add(report.DNSPrivateNameserver, report.Pass, target, "no name server address was refused as non-public")
	case ok == 0:
		v.add(report.DNSPrivateNameserver, report.Fail, target, fmt.Sprintf("%d name server %s not public and no other server answered: %s",
			len(servers), plural(len(servers), "address is", "addresses are"), strings.Join(servers, "; ")))
	default:
		v.add(report.DNSPrivateNameserver, report.Warn, target, fmt.Sprintf("%d name server %s not public (the others answer): %s",
			len(servers), plural(len(servers), "address is", "addresses are"), strings.Join(servers, "; ")))
	}
}

// gradeAnswers compares, type by type, what the servers of a zone answered
// with authority. Servers serving one version of the zone (one SOA serial)
// that answer different record sets are rotating, weighted, latency,
// geolocation or multivalue records, which vary by design: a note. A
// finding is a server answering NXDOMAIN or NODATA where others answer,
// or servers of different serials answering differently: a stale copy.
func (v *verdicts) gradeAnswers(s zoneSweep, servers []serverSweep, a *zoneAudit) {
	zone := "zone " + display(s.zone)
	serials := a.serials()
	var types []uint16
	for _, o := range s.outcomes {
		if o.qtype != 0 && !slices.Contains(types, o.qtype) {
			types = append(types, o.qtype)
		}
	}
	for _, qtype := range types {
		answers := map[string][]string{}
		kinds := map[string]bool{}
		versions := map[uint32]bool{}
		var said []string
		for _, srv := range servers {
			for _, o := range srv.all {
				if o.qtype != qtype || o.state != stateOK || !o.msg.Authoritative {
					continue
				}
				answer := summarizeAnswer(o.msg)
				answers[answer] = append(answers[answer], o.server.String())
				kinds[answerKind(o.msg)] = true
				serial, known := serials[o.server.addr]
				if known {
					versions[serial] = true
				}
				said = append(said, o.server.String()+serialNote(serial, known)+" answered "+answer)
			}
		}
		slices.Sort(said)
		what := dns.TypeToString[qtype]
		switch {
		case len(said) < 2:
		case len(answers) == 1:
			for answer := range answers {
				v.add(report.DNSInconsistentAnswers, report.Pass, zone, fmt.Sprintf("%d name servers answered %s", len(said), answer))
			}
		case len(kinds) > 1:
			v.add(report.DNSInconsistentAnswers, report.Warn, zone, "the authoritative servers disagree about "+what+": "+strings.Join(said, "; "))
		case len(versions) > 1:
			v.hygiene(report.DNSInconsistentAnswers, report.Warn, s.zone, zone,
				"servers serving different versions of the zone (SOA serials) answer "+what+" differently: "+strings.Join(said, "; "))
		default:
			v.add(report.DNSInconsistentAnswers, report.Pass, zone, fmt.Sprintf("note: the %s records vary between %d servers of one zone version, as rotating, weighted, latency, geolocation or multivalue records do by design, and every answer is usable: %s",
				what, len(said), strings.Join(said, "; ")))
		}
	}
}

// answerKind is what kind of answer m is: records, NODATA or NXDOMAIN.
func answerKind(m *dns.Msg) string {
	switch {
	case m.Rcode == dns.RcodeNameError:
		return "NXDOMAIN"
	case len(m.Answer) == 0:
		return "NODATA"
	}
	return "records"
}

func serialNote(serial uint32, known bool) string {
	if !known {
		return ""
	}
	return fmt.Sprintf(" (serial %d)", serial)
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
		for _, srv := range byServer(s.outcomes) {
			o := srv.worst
			detail := o.detail
			if o.state == stateOK {
				var said []string
				for _, each := range srv.all {
					answer := summarizeAnswer(each.msg)
					if len(srv.all) > 1 && !strings.HasPrefix(answer, dns.TypeToString[each.qtype]+" ") {
						answer = dns.TypeToString[each.qtype] + ": " + answer
					}
					said = append(said, answer)
				}
				detail = "answered " + strings.Join(said, "; ")
				if o.withoutEDNS != "" {
					detail += " (only without EDNS: it " + o.withoutEDNS + ")"
				}
			}
			out = append(out, Nameserver{
				Name: display(o.server.name), Address: o.server.addr.Addr(), Zone: display(s.zone),
				Status: o.state, Detail: detail,
			})
		}
	}
	return out
}
