package dnscheck

import (
	"net/netip"
	"testing"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// FuzzResponseHandling feeds raw server bytes, unpacked by miekg/dns,
// through everything this package reads from a response: the judgement,
// the referral and its glue, the CNAME chain, the answer summary, and the
// zone audit's NS sets and SOA, as if a server of example.test. sent them.
func FuzzResponseHandling(f *testing.F) {
	for _, m := range fuzzSeeds() {
		b, err := m.Pack()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		msg := new(dns.Msg)
		if msg.Unpack(raw) != nil || len(msg.Question) != 1 {
			return
		}
		const zone = "example.test."
		qname := dns.CanonicalName(msg.Question[0].Name)
		if _, ok := dns.IsDomainName(qname); !ok {
			return
		}
		srv := server{name: "ns1.example.test.", addr: netip.MustParseAddrPort("127.0.0.53:53")}
		state, _ := judge(msg, zone, qname)
		o := outcome{server: srv, qtype: msg.Question[0].Qtype, state: state, msg: msg, withoutEDNS: rejectsEDNS(msg)}
		if d := referral(msg, zone, qname); d != nil && (d.zone == zone || !dns.IsSubDomain(zone, d.zone)) {
			t.Fatalf("referral from %s to %s does not move down", zone, d.zone)
		}
		targets, _ := follow(msg, qname, msg.Question[0].Qtype, zone)
		if len(targets) > len(msg.Answer) {
			t.Fatalf("%d CNAME targets from %d answer records", len(targets), len(msg.Answer))
		}
		_ = summarizeAnswer(msg)
		v := &verdicts{b: report.NewBuilder(), seen: map[report.ID]bool{}, owners: ownersOf(qname)}
		d := &delegation{zone: zone, parent: "sub.test.", hosts: []string{"ns1.example.test."},
			glue: map[string][]netip.AddrPort{"ns1.example.test.": {srv.addr}}}
		a := &zoneAudit{d: d, soa: []outcome{o}, ns: []outcome{o}, hosts: map[string]resolution{}}
		v.gradeSweep(zoneSweep{zone: zone, outcomes: []outcome{o, o}}, a)
		v.gradeAudits([]*zoneAudit{a}, state == stateOK)
	})
}

func fuzzSeeds() []*dns.Msg {
	rr := func(s string) dns.RR {
		r, err := dns.NewRR(s)
		if err != nil {
			panic(err)
		}
		return r
	}
	reply := func(qname string, qtype uint16, aa bool, answer, ns, extra []dns.RR) *dns.Msg {
		m := new(dns.Msg)
		m.SetQuestion(qname, qtype)
		m.Response, m.Authoritative = true, aa
		m.Answer, m.Ns, m.Extra = answer, ns, extra
		return m
	}
	soa := rr("example.test. 300 IN SOA ns1.example.test. hostmaster.example.test. 7 3600 600 86400 300")
	nx := reply("nope.example.test.", dns.TypeA, true, nil, []dns.RR{soa}, nil)
	nx.Rcode = dns.RcodeNameError
	refused := reply("www.example.test.", dns.TypeA, false, nil, nil, nil)
	refused.Rcode = dns.RcodeRefused
	return []*dns.Msg{
		reply("www.example.test.", dns.TypeA, true, []dns.RR{rr("www.example.test. 300 IN A 192.0.2.10")}, nil, nil),
		reply("www.example.test.", dns.TypeA, true, []dns.RR{rr("www.example.test. 300 IN CNAME a.example.test."), rr("a.example.test. 300 IN CNAME www.example.test.")}, nil, nil),
		reply("www.sub.example.test.", dns.TypeA, false, nil, []dns.RR{rr("sub.example.test. 300 IN NS ns1.sub.example.test.")},
			[]dns.RR{rr("ns1.sub.example.test. 300 IN A 127.0.0.9"), rr("ns1.sub.example.test. 300 IN AAAA ::1")}),
		reply("example.test.", dns.TypeSOA, true, []dns.RR{soa}, nil, nil),
		reply("example.test.", dns.TypeNS, true, []dns.RR{rr("example.test. 300 IN NS ns1.example.test."), rr("example.test. 300 IN NS ns2.example.test.")}, nil, nil),
		nx, refused,
	}
}
