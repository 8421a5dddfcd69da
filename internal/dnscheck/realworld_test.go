package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestRealWorldOriginsAreQuiet: origins as AWS, load balancers and CDNs
// serve them, seen from a machine without IPv6, get no warning; real
// faults next to them still do.
func TestRealWorldOriginsAreQuiet(t *testing.T) {
	fixture.RequireRoot(t)
	pick := func(start int) dnsserver.Options { return dnsserver.Options{Rotate: 1, RotateStart: start} }
	albRecords := []string{"my-alb-1234567890 A 192.0.2.21", "my-alb-1234567890 A 192.0.2.22", "my-alb-1234567890 A 192.0.2.23",
		"my-alb-1234567890 AAAA 2001:db8:a1b::21", "my-alb-1234567890 AAAA 2001:db8:a1b::22", "my-alb-1234567890 AAAA 2001:db8:a1b::23"}
	tests := []struct {
		name  string
		zones []dnsserver.ZoneSpec
		q     Question
		// want are the checks that must not pass; every other dns check
		// passes or is skipped as not applicable, none warns.
		want     map[report.ID]report.Status
		messages map[report.ID][]string
	}{
		{
			name: "Route 53 zone with dual-stack name servers",
			zones: append(dnsserver.Route53Zones(1), dnsserver.ZoneSpec{Origin: "example.com.", Records: []string{"www A 192.0.2.10"},
				Nameservers: dnsserver.Route53(1, dnsserver.Same(dnsserver.Options{}))}),
			q:        Question{Name: "www.example.com"},
			messages: map[report.ID][]string{report.DNSServerUnreachable: {"4 of 4 name servers answer; note: 4 of 8 name server addresses could not be asked from this machine: it has no IPv6 route"}},
		},
		{
			name: "ALB behind a CNAME, rotating answers from dual-stack servers, dualstack",
			zones: slices.Concat(dnsserver.Route53Zones(1), dnsserver.Route53Zones(2), []dnsserver.ZoneSpec{
				{Origin: "example.com.", Records: []string{"app CNAME my-alb-1234567890.us-east-1.elb.amazonaws.com."},
					Nameservers: dnsserver.Route53(1, dnsserver.Same(dnsserver.Options{}))},
				{Origin: "us-east-1.elb.amazonaws.com.", Records: albRecords, Nameservers: dnsserver.Route53(2, func(i int) dnsserver.Options {
					return dnsserver.Options{Rotate: 2, RotateStart: i}
				})}}),
			q: Question{Name: "app.example.com", IPv4: true, IPv6: true},
		},
		{
			name: "weighted record in the user's own zone",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Nameservers: servers(3, pick(0), pick(1), pick(0)),
				Records: []string{"api A 192.0.2.31", "api A 192.0.2.32"}}},
			q: Question{Name: "api.example.com"},
		},
		{
			name: "CNAME chain through two CDN zones whose servers serve different serials",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.com.", Records: []string{"static CNAME static.example.com.edgekey.net."}},
				{Origin: "edgekey.net.", Records: []string{"static.example.com CNAME e1234.a.akamaiedge.net."},
					Nameservers: []dnsserver.NameserverSpec{{}, {Serial: 7}, {NotInZone: true}}},
				{Origin: "akamaiedge.net.", Nameservers: servers(2)},
				{Origin: "a.akamaiedge.net.", Records: []string{"e1234 A 192.0.2.41", "e1234 A 192.0.2.42"},
					Nameservers: []dnsserver.NameserverSpec{{Options: pick(0)}, {Options: pick(1), Serial: 9}}},
			},
			q: Question{Name: "static.example.com"},
			messages: map[report.ID][]string{
				report.DNSSOAMismatch:           {"note: the servers serve different versions of the zone", "zone edgekey.net is not under example.com"},
				report.DNSParentChildNSMismatch: {"note: the parent net delegates to", "its operator's to keep"},
			},
		},
		{
			name: "EDNS-intolerant servers answer once asked without EDNS",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Records: []string{"legacy A 192.0.2.50"},
				Nameservers: servers(2, dnsserver.Options{Behavior: dnsserver.EDNSIntolerant}, dnsserver.Options{Behavior: dnsserver.EDNSIntolerant})}},
			q:        Question{Name: "legacy.example.com"},
			messages: map[report.ID][]string{report.DNSLameDelegation: {"note: ns1.example.com (127.", "answered FORMERR to the query with EDNS and answered without it"}},
		},
		{
			name: "servers that drop EDNS queries are silent: resolvers do not guess",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Records: []string{"quiet A 192.0.2.51"},
				Nameservers: servers(2, dnsserver.Options{Behavior: dnsserver.DropEDNS}, dnsserver.Options{Behavior: dnsserver.DropEDNS})}},
			q: Question{Name: "quiet.example.com"},
			want: map[report.ID]report.Status{report.DNSTimeout: fail, report.DNSServerUnreachable: fail,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSServFail: skip, report.DNSCNAMELoop: skip},
		},
		{
			name: "a stale server of the user's zone still warns",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Records: []string{"www A 192.0.2.10"},
				Nameservers: []dnsserver.NameserverSpec{{}, {Serial: 2, Records: []string{"www A 192.0.2.99"}}}}},
			q:    Question{Name: "www.example.com"},
			want: map[report.ID]report.Status{report.DNSInconsistentAnswers: warn, report.DNSSOAMismatch: warn},
			messages: map[report.ID][]string{report.DNSInconsistentAnswers: {"servers serving different versions of the zone (SOA serials) answer A differently",
				"(serial 1) answered A 192.0.2.10", "(serial 2) answered A 192.0.2.99"}},
		},
		{
			name: "AAAA disagreement is compared when CloudFront uses IPv6",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Records: []string{"www A 192.0.2.10", "www AAAA 2001:db8::10"},
				Nameservers: []dnsserver.NameserverSpec{{}, {Records: []string{"www A 192.0.2.10"}}}}},
			q:        Question{Name: "www.example.com", IPv6: true},
			want:     map[report.ID]report.Status{report.DNSInconsistentAnswers: warn},
			messages: map[report.ID][]string{report.DNSInconsistentAnswers: {"disagree about AAAA", "answered no records (NODATA)"}},
		},
		{
			name: "AAAA disagreement is not judged under ipv4",
			zones: []dnsserver.ZoneSpec{{Origin: "example.com.", Records: []string{"www A 192.0.2.10", "www AAAA 2001:db8::10"},
				Nameservers: []dnsserver.NameserverSpec{{}, {Records: []string{"www A 192.0.2.10"}}}}},
			q: Question{Name: "www.example.com", IPv4: true},
		},
		{
			name: "host_header's zone is the user's too",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.com.", Records: []string{"www CNAME shop.example.net."}},
				{Origin: "example.net.", Records: []string{"shop A 192.0.2.60"}, Nameservers: []dnsserver.NameserverSpec{{}, {Serial: 3}}},
			},
			q:    Question{Name: "www.example.com", HostHeader: "shop.example.net"},
			want: map[report.ID]report.Status{report.DNSSOAMismatch: warn},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hierarchy(t, tt.zones...)
			routes := &noIPv6{}
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout, Routable: routes.routable})
			b := report.NewBuilder()
			res := r.Check(context.Background(), tt.q, b)
			rep := b.Build(tt.q.Name, nil)
			for _, c := range rep.Checks {
				if c.Category != report.CategoryDNS || c.ID == report.DNSNoIPv4Address || c.ID == report.DNSNoIPv6Address || c.ID == report.DNSPrivateAddress {
					continue
				}
				want, named := tt.want[c.ID]
				switch {
				case named && c.Status != want:
					t.Errorf("%s = %s (%s), want %s", c.ID, c.Status, c.Message, want)
				case !named && c.Status != pass && c.Status != skip:
					t.Errorf("%s = %s (%s), want pass or skip", c.ID, c.Status, c.Message)
				}
				for _, m := range tt.messages[c.ID] {
					if !strings.Contains(c.Message, m) {
						t.Errorf("%s message %q does not contain %q", c.ID, c.Message, m)
					}
				}
			}
			if len(rep.Unverified) > 0 {
				t.Errorf("Unverified = %q, want none: the servers asked decide the verdict", rep.Unverified)
			}
			if len(tt.want) == 0 && (len(res.Addresses) == 0 || !rep.Healthy) {
				t.Errorf("addresses %v, healthy %v: %s", res.Addresses, rep.Healthy, rep.Summary)
			}
			for _, a := range routes.refused {
				if a.Addr().Is4() {
					t.Errorf("refused IPv4 %s", a)
				}
			}
		})
	}
}

// TestRepliesResolversAccept: which replies are taken as the answer to a
// query, and which reject EDNS.
func TestRepliesResolversAccept(t *testing.T) {
	q := new(dns.Msg)
	q.SetQuestion("www.example.com.", dns.TypeA)
	reply := func(rcode int, question bool, opt bool) *dns.Msg {
		m := new(dns.Msg)
		m.SetRcode(q, rcode)
		if !question {
			m.Question = nil
		}
		if opt {
			m.SetEdns0(1232, false)
		}
		return m
	}
	other := new(dns.Msg)
	other.SetQuestion("other.example.com.", dns.TypeA)
	otherReply := new(dns.Msg)
	otherReply.SetReply(other)
	tests := []struct {
		name       string
		resp       *dns.Msg
		answers    bool
		rejectEDNS string
	}{
		{"NOERROR with the question", reply(dns.RcodeSuccess, true, true), true, ""},
		{"NOERROR without a question", reply(dns.RcodeSuccess, false, false), false, ""},
		{"NXDOMAIN without a question", reply(dns.RcodeNameError, false, false), false, ""},
		{"REFUSED without a question", reply(dns.RcodeRefused, false, false), true, ""},
		{"FORMERR without a question or OPT", reply(dns.RcodeFormatError, false, false), true, "answered FORMERR to the query with EDNS"},
		{"NOTIMP without OPT", reply(dns.RcodeNotImplemented, true, false), true, "answered NOTIMP to the query with EDNS"},
		{"FORMERR with OPT: EDNS understood, the query is the problem", reply(dns.RcodeFormatError, true, true), true, ""},
		{"BADVERS", reply(dns.RcodeBadVers, true, true), true, "answered BADVERS to EDNS version 0"},
		{"an answer to another question", otherReply, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Through the wire format, as a reply arrives.
			wire, err := tt.resp.Pack()
			if err != nil {
				t.Fatal(err)
			}
			resp := new(dns.Msg)
			if err := resp.Unpack(wire); err != nil {
				t.Fatal(err)
			}
			if got := answers(resp, q); got != tt.answers {
				t.Errorf("answers = %v, want %v", got, tt.answers)
			}
			if got := rejectsEDNS(resp); got != tt.rejectEDNS {
				t.Errorf("rejectsEDNS = %q, want %q", got, tt.rejectEDNS)
			}
		})
	}
}

// TestOwnersFollowThePublicSuffixList: the zones graded strictly are those
// under the origin's and Host's registrable domains.
func TestOwnersFollowThePublicSuffixList(t *testing.T) {
	tests := []struct {
		names []string
		zone  string
		own   bool
	}{
		{[]string{"www.example.com"}, "example.com.", true},
		{[]string{"www.example.com"}, "sub.example.com.", true},
		{[]string{"www.example.com"}, "com.", false},
		{[]string{"www.example.com"}, "us-east-1.elb.amazonaws.com.", false},
		{[]string{"my-alb-1.us-east-1.elb.amazonaws.com"}, "us-east-1.elb.amazonaws.com.", false},
		{[]string{"my-alb-1.us-east-1.elb.amazonaws.com"}, "elb.amazonaws.com.", false},
		{[]string{"bucket.s3.us-east-1.amazonaws.com"}, "s3.us-east-1.amazonaws.com.", false},
		{[]string{"d111111abcdef8.cloudfront.net"}, "cloudfront.net.", false},
		{[]string{"www.example.com", "shop.example.net"}, "example.net.", true},
		{[]string{"www.example.test"}, "example.test.", true},
		{[]string{"www.example.test"}, "other.test.", false},
	}
	for _, tt := range tests {
		if got := ownersOf(tt.names...).own(tt.zone); got != tt.own {
			t.Errorf("ownersOf(%v).own(%s) = %v, want %v", tt.names, tt.zone, got, tt.own)
		}
	}
	if o := ownersOf("www.example.com", "", "WWW.Example.COM."); !slices.Equal(o, owners{"example.com."}) {
		t.Errorf("ownersOf = %v", o)
	}
}

// TestGradeAnswers: answers that differ between servers of one zone
// version vary by design; a stale copy, or a server that says the name or
// its records do not exist, is a finding (a note in a zone of others).
func TestGradeAnswers(t *testing.T) {
	a4 := func(addrs ...string) *dns.Msg {
		m := new(dns.Msg)
		m.SetQuestion("www.example.com.", dns.TypeA)
		m.Response, m.Authoritative = true, true
		for _, a := range addrs {
			rr, _ := dns.NewRR("www.example.com. 60 IN A " + a)
			m.Answer = append(m.Answer, rr)
		}
		return m
	}
	nx := a4()
	nx.Rcode = dns.RcodeNameError
	soa := func(serial uint32) *dns.Msg {
		m := new(dns.Msg)
		m.SetQuestion("example.com.", dns.TypeSOA)
		m.Response, m.Authoritative = true, true
		rr, _ := dns.NewRR(fmt.Sprintf("example.com. 60 IN SOA ns1.example.com. h.example.com. %d 1 1 1 1", serial))
		m.Answer = append(m.Answer, rr)
		return m
	}
	srv := func(i int) server {
		return server{name: fmt.Sprintf("ns%d.example.com.", i), addr: netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, byte(i)}), 53)}
	}
	tests := []struct {
		name    string
		owner   string
		answers []*dns.Msg
		serials []uint32
		want    report.Status
		message string
	}{
		{"rotation in one zone version", "www.example.com", []*dns.Msg{a4("192.0.2.1"), a4("192.0.2.2")}, []uint32{5, 5}, pass, "note: the A records vary between 2 servers of one zone version"},
		{"same answers", "www.example.com", []*dns.Msg{a4("192.0.2.1"), a4("192.0.2.1")}, []uint32{5, 5}, pass, "2 name servers answered A 192.0.2.1"},
		{"a stale copy", "www.example.com", []*dns.Msg{a4("192.0.2.1"), a4("192.0.2.2")}, []uint32{5, 4}, warn, "(serial 4) answered A 192.0.2.2"},
		{"a stale copy in a zone of others", "origin.example.net", []*dns.Msg{a4("192.0.2.1"), a4("192.0.2.2")}, []uint32{5, 4}, pass, "note: servers serving different versions of the zone"},
		{"NXDOMAIN beside an answer", "www.example.com", []*dns.Msg{a4("192.0.2.1"), nx}, []uint32{5, 5}, warn, "answered NXDOMAIN"},
		{"NODATA beside an answer, in a zone of others", "origin.example.net", []*dns.Msg{a4("192.0.2.1"), a4()}, []uint32{5, 5}, warn, "answered no records (NODATA)"},
		{"no serials known", "www.example.com", []*dns.Msg{a4("192.0.2.1"), a4("192.0.2.2")}, nil, pass, "note: the A records vary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := zoneSweep{zone: "example.com."}
			audit := &zoneAudit{d: &delegation{zone: "example.com."}}
			for i, m := range tt.answers {
				s.outcomes = append(s.outcomes, outcome{server: srv(i + 1), qtype: dns.TypeA, state: stateOK, msg: m})
				if tt.serials != nil {
					audit.soa = append(audit.soa, outcome{server: srv(i + 1), qtype: dns.TypeSOA, state: stateOK, msg: soa(tt.serials[i])})
				}
			}
			b := report.NewBuilder()
			v := &verdicts{b: b, seen: map[report.ID]bool{}, owners: ownersOf(tt.owner)}
			v.gradeAnswers(s, byServer(s.outcomes), audit)
			for _, c := range b.Build("www.example.com", nil).Checks {
				if c.ID != report.DNSInconsistentAnswers {
					continue
				}
				if c.Status != tt.want || !strings.Contains(c.Message, tt.message) {
					t.Errorf("%s (%s), want %s with %q", c.Status, c.Message, tt.want, tt.message)
				}
			}
		})
	}
}
