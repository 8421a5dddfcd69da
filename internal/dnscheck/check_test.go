package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// quickTimeout keeps dead-server cases fast; loopback answers take
// microseconds.
const quickTimeout = 300 * time.Millisecond

const (
	pass = report.Pass
	warn = report.Warn
	fail = report.Fail
	skip = report.Skip
)

// healthy is what a resolvable origin with one name server reports.
var healthy = map[report.ID]report.Status{
	report.DNSNXDomain: pass, report.DNSNoData: pass, report.DNSServFail: pass, report.DNSTimeout: pass,
	report.DNSCNAMELoop: pass, report.DNSServerUnreachable: pass, report.DNSLameDelegation: pass,
	report.DNSInconsistentAnswers: skip, report.DNSPrivateNameserver: pass,
}

// with returns healthy with some statuses changed.
func with(changes map[report.ID]report.Status) map[report.ID]report.Status {
	out := map[report.ID]report.Status{}
	for id, s := range healthy {
		out[id] = s
	}
	for id, s := range changes {
		out[id] = s
	}
	return out
}

func hierarchy(t *testing.T, zones ...dnsserver.ZoneSpec) *dnsserver.Hierarchy {
	t.Helper()
	h, err := dnsserver.NewHierarchy(zones...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

func servers(n int, opts ...dnsserver.Options) []dnsserver.NameserverSpec {
	list := make([]dnsserver.NameserverSpec, n)
	for i, o := range opts {
		list[i].Options = o
	}
	return list
}

// checkName runs Check and builds the report the way the engine does.
func checkName(t *testing.T, r *Resolver, name string) (Result, map[report.ID]report.Check) {
	t.Helper()
	b := report.NewBuilder()
	res := r.Check(context.Background(), Question{Name: name}, b)
	checks := map[report.ID]report.Check{}
	for _, c := range b.Build(name, nil).Checks {
		if c.Category == report.CategoryDNS {
			checks[c.ID] = c
		}
	}
	return res, checks
}

func assertChecks(t *testing.T, checks map[report.ID]report.Check, want map[report.ID]report.Status, messages map[report.ID][]string) {
	t.Helper()
	for _, id := range dnsChecks {
		c := checks[id]
		if c.Status != want[id] {
			t.Errorf("%s = %s (%s), want %s", id, c.Status, c.Message, want[id])
		}
		for _, m := range messages[id] {
			if !strings.Contains(c.Message, m) {
				t.Errorf("%s message %q does not contain %q", id, c.Message, m)
			}
		}
	}
}

func addrStrings(addrs []netip.Addr) []string {
	var out []string
	for _, a := range addrs {
		out = append(out, a.String())
	}
	return out
}

func TestCheckIterative(t *testing.T) {
	fixture.RequireRoot(t)
	drop := dnsserver.Options{Behavior: dnsserver.Drop}
	tests := []struct {
		name     string
		zones    []dnsserver.ZoneSpec
		origin   string
		want     map[report.ID]report.Status
		messages map[report.ID][]string
		addrs    []string
		chain    []string
	}{
		{
			name:   "A record",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}}},
			origin: "www.example.test", want: healthy,
			messages: map[report.ID][]string{report.DNSNoData: {"resolves to 192.0.2.10"}},
			addrs:    []string{"192.0.2.10"}, chain: []string{"www.example.test"},
		},
		{
			name:   "AAAA only, case and trailing dot ignored",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www AAAA 2001:db8::10"}}},
			origin: "WWW.Example.TEST.", want: healthy,
			addrs: []string{"2001:db8::10"}, chain: []string{"www.example.test"},
		},
		{
			name: "A and AAAA from two agreeing servers",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Nameservers: servers(2),
				Records: []string{"www A 192.0.2.11", "www A 192.0.2.10", "www AAAA 2001:db8::10"}}},
			origin: "www.example.test", want: with(map[report.ID]report.Status{report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSServerUnreachable: {"2 of 2 name servers answer"}},
			addrs:    []string{"192.0.2.10", "192.0.2.11", "2001:db8::10"},
		},
		{
			name:   "CNAME within the zone",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www CNAME web", "web A 192.0.2.10"}}},
			origin: "www.example.test", want: healthy,
			addrs: []string{"192.0.2.10"}, chain: []string{"www.example.test", "web.example.test"},
		},
		{
			name: "CNAME into another zone",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: []string{"www CNAME edge.cdn.test."}},
				{Origin: "cdn.test.", Records: []string{"edge A 192.0.2.20", "edge AAAA 2001:db8::20"}},
			},
			origin: "www.example.test", want: healthy,
			messages: map[report.ID][]string{report.DNSCNAMELoop: {"www.example.test → edge.cdn.test"}},
			addrs:    []string{"192.0.2.20", "2001:db8::20"}, chain: []string{"www.example.test", "edge.cdn.test"},
		},
		{
			name:   "NXDOMAIN",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}}},
			origin: "typo.example.test",
			want:   with(map[report.ID]report.Status{report.DNSNXDomain: fail, report.DNSNoData: skip}),
			messages: map[report.ID][]string{report.DNSNXDomain: {
				"ns1.example.test (127.", "typo.example.test does not exist (NXDOMAIN). CloudFront would return HTTP 502"}},
		},
		{
			name: "CNAME to a name that does not exist in another zone",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: []string{"www CNAME gone.cdn.test."}},
				{Origin: "cdn.test.", Records: []string{"edge A 192.0.2.20"}},
			},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSNXDomain: fail, report.DNSNoData: skip}),
			messages: map[report.ID][]string{report.DNSNXDomain: {
				"ns1.cdn.test (127.", "gone.cdn.test does not exist (NXDOMAIN) (CNAME chain www.example.test → gone.cdn.test)"}},
			chain: []string{"www.example.test", "gone.cdn.test"},
		},
		{
			name:     "NODATA",
			zones:    []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{`www TXT "no address here"`}}},
			origin:   "www.example.test",
			want:     with(map[report.ID]report.Status{report.DNSNoData: fail}),
			messages: map[report.ID][]string{report.DNSNoData: {"www.example.test exists but has no A or AAAA record"}},
		},
		{
			name: "SERVFAIL from the only server",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(1, dnsserver.Options{Behavior: dnsserver.ServFail})}},
			origin: "www.example.test",
			want: with(map[report.ID]report.Status{report.DNSServFail: fail, report.DNSLameDelegation: fail,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{
				report.DNSServFail:       {"ns1.example.test (127.", "for www.example.test: answered SERVFAIL"},
				report.DNSLameDelegation: {"1 of 1 name servers does not serve the zone"},
			},
		},
		{
			name: "dead server times out",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(1, drop)}},
			origin: "www.example.test",
			want: with(map[report.ID]report.Status{report.DNSTimeout: fail, report.DNSServerUnreachable: fail,
				report.DNSServFail: skip, report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{
				report.DNSTimeout:           {"ns1.example.test (127.", "no answer within 300ms"},
				report.DNSServerUnreachable: {"zone example.test: 1 of 1 name servers does not answer"},
			},
		},
		{
			name:   "dead root server",
			zones:  []dnsserver.ZoneSpec{{Origin: ".", Nameservers: servers(1, drop)}},
			origin: "www.example.test",
			want: with(map[report.ID]report.Status{report.DNSTimeout: fail, report.DNSServerUnreachable: fail,
				report.DNSServFail: skip, report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{report.DNSServerUnreachable: {"zone .: 1 of 1"}},
		},
		{
			name:   "CNAME loop within a zone",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www CNAME a", "a CNAME www"}}},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSCNAMELoop: fail, report.DNSNXDomain: skip, report.DNSNoData: skip}),
			messages: map[report.ID][]string{report.DNSCNAMELoop: {
				"www.example.test → a.example.test → www.example.test: the CNAME chain comes back to www.example.test"}},
		},
		{
			name: "CNAME loop across zones",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: []string{"www CNAME edge.cdn.test."}},
				{Origin: "cdn.test.", Records: []string{"edge CNAME www.example.test."}},
			},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSCNAMELoop: fail, report.DNSNXDomain: skip, report.DNSNoData: skip}),
		},
		{
			name:     "CNAME chain too long",
			zones:    []dnsserver.ZoneSpec{{Origin: "example.test.", Records: longChain(20)}},
			origin:   "c0.example.test",
			want:     with(map[report.ID]report.Status{report.DNSCNAMELoop: fail, report.DNSNXDomain: skip, report.DNSNoData: skip}),
			messages: map[report.ID][]string{report.DNSCNAMELoop: {"longer than 16 names"}},
		},
		{
			name: "glueless delegation",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}, Nameservers: []dnsserver.NameserverSpec{{Name: "ns1.dns-host.test."}}},
				{Origin: "dns-host.test."},
			},
			origin: "www.example.test", want: healthy, addrs: []string{"192.0.2.10"},
		},
		{
			name: "glueless name servers that depend on each other",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}, Nameservers: []dnsserver.NameserverSpec{{Name: "ns.other.test."}}},
				{Origin: "other.test.", Nameservers: []dnsserver.NameserverSpec{{Name: "ns.example.test."}}},
			},
			origin: "www.example.test",
			want: with(map[report.ID]report.Status{report.DNSLameDelegation: fail, report.DNSTimeout: skip, report.DNSServFail: skip,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{report.DNSLameDelegation: {"ns.other.test: its address could not be resolved", "depends on itself"}},
		},
		{
			name: "truncated UDP answer retried over TCP",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(1, dnsserver.Options{Behavior: dnsserver.TruncateUDP})}},
			origin: "www.example.test", want: healthy, addrs: []string{"192.0.2.10"},
		},
		{
			name: "one of three servers dead",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(3, dnsserver.Options{}, drop)}},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSServerUnreachable: warn, report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSServerUnreachable: {
				"zone example.test: 1 of 3 name servers does not answer: ns2.example.test (127.", "no answer within 300ms",
				"CloudFront may return HTTP 502"}},
			addrs: []string{"192.0.2.10"},
		},
		{
			name: "lame servers beside a good one",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(4, dnsserver.Options{}, dnsserver.Options{Behavior: dnsserver.Refuse},
					dnsserver.Options{Behavior: dnsserver.NotAuthoritative}, dnsserver.Options{Behavior: dnsserver.ServFail})}},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSLameDelegation: warn}),
			messages: map[report.ID][]string{report.DNSLameDelegation: {
				"3 of 4 name servers do not serve the zone", "ns2.example.test (127.", "answered REFUSED",
				"answered without authority for example.test", "answered SERVFAIL"}},
			addrs: []string{"192.0.2.10"},
		},
		{
			name: "every server refuses",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: servers(2, dnsserver.Options{Behavior: dnsserver.Refuse}, dnsserver.Options{Behavior: dnsserver.Refuse})}},
			origin: "www.example.test",
			want: with(map[report.ID]report.Status{report.DNSLameDelegation: fail,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
		},
		{
			name: "servers disagree",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
				Nameservers: []dnsserver.NameserverSpec{{}, {Records: []string{}}}}},
			origin: "www.example.test",
			want:   with(map[report.ID]report.Status{report.DNSInconsistentAnswers: warn}),
			messages: map[report.ID][]string{report.DNSInconsistentAnswers: {
				"ns1.example.test (127.", "answered A 192.0.2.10", "answered NXDOMAIN"}},
			addrs: []string{"192.0.2.10"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hierarchy(t, tt.zones...)
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
			start := time.Now()
			res, checks := checkName(t, r, tt.origin)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("Check took %s", elapsed)
			}
			assertChecks(t, checks, tt.want, tt.messages)
			if got := addrStrings(res.Addresses); !slices.Equal(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			if tt.chain != nil && !slices.Equal(res.CNAMEChain, tt.chain) {
				t.Errorf("CNAMEChain = %v, want %v", res.CNAMEChain, tt.chain)
			}
		})
	}
}

// longChain is c0 → c1 → … → cN, then an address.
func longChain(n int) []string {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("c%d CNAME c%d", i, i+1))
	}
	return append(lines, fmt.Sprintf("c%d A 192.0.2.10", n))
}

func TestNameserversShowEveryServerOfTheZone(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
		Nameservers: servers(2, dnsserver.Options{}, dnsserver.Options{Behavior: dnsserver.Drop})})
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
	res, _ := checkName(t, r, "www.example.test")
	want := []Nameserver{
		{Name: "ns1.example.test", Address: h.Server("ns1.example.test.").Addr(), Zone: "example.test", Status: stateOK, Detail: "answered A 192.0.2.10"},
		{Name: "ns2.example.test", Address: h.Server("ns2.example.test.").Addr(), Zone: "example.test", Status: stateTimeout, Detail: "no answer within 300ms"},
	}
	if !slices.Equal(res.Nameservers, want) {
		t.Errorf("Nameservers =\n%+v\nwant\n%+v", res.Nameservers, want)
	}
}
