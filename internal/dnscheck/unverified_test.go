package dnscheck

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// noIPv6 is Config.Routable for a machine without an IPv6 route: every
// IPv6 address is refused, so no query can go to one, and the addresses
// asked about are recorded.
type noIPv6 struct {
	mu      sync.Mutex
	refused []netip.AddrPort
}

func (n *noIPv6) routable(ap netip.AddrPort) bool {
	if ap.Addr().Is4() {
		return true
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !slices.Contains(n.refused, ap) {
		n.refused = append(n.refused, ap)
	}
	return false
}

// Servers nothing answers for, from the documentation range: never asked.
var (
	v6ns1 = netip.MustParseAddr("2001:db8::53")
	v6ns2 = netip.MustParseAddr("2001:db8::54")
)

// TestUnreachableFamilyIsNotVerified: name servers this machine has no
// route to (IPv6 here) are not asked, and are reported as not verified
// from this machine: a warning, never a pass, never a failure.
func TestUnreachableFamilyIsNotVerified(t *testing.T) {
	fixture.RequireRoot(t)
	drop := dnsserver.Options{Behavior: dnsserver.Drop}
	tests := []struct {
		name     string
		ns       []dnsserver.NameserverSpec
		want     map[report.ID]report.Status
		messages map[report.ID][]string
		addrs    []string
		// in Result.Unverified; nil: it must be empty
		unverified []string
		// the fixture's servers got every query sent (none went to the
		// IPv6 addresses); false where UDP retries make the counts differ
		countQueries bool
	}{
		{
			name: "every name server IPv6",
			ns:   []dnsserver.NameserverSpec{{External: v6ns1}, {External: v6ns2}},
			want: with(map[report.ID]report.Status{
				report.DNSServerUnreachable: warn, report.DNSTimeout: warn, report.DNSLameDelegation: skip,
				report.DNSServFail: skip, report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip,
				report.DNSPrivateNameserver: skip,
			}),
			messages: map[report.ID][]string{
				report.DNSServerUnreachable: {"zone example.test: 2 of 2 name server addresses could not be asked from this machine: it has no IPv6 route",
					"ns1.example.test (2001:db8::53), ns2.example.test (2001:db8::54)", "not verified"},
				report.DNSTimeout:        {"for www.example.test: 2 of 2 name servers of zone example.test could not be asked from this machine", "not verified"},
				report.DNSLameDelegation: {"zone example.test: not verified"},
			},
			unverified:   []string{"2 of 2 name servers of zone example.test could not be asked from this machine: it has no IPv6 route", "ns1.example.test (2001:db8::53)"},
			countQueries: true,
		},
		{
			// Route 53's zones have dual-stack servers: from a runner without
			// IPv6 the IPv4 ones answer, which is all CloudFront needs, so
			// this is a note, not a warning nor a NOT VERIFIED line.
			name: "one IPv4 server answers, one IPv6 not asked",
			ns:   []dnsserver.NameserverSpec{{}, {External: v6ns1}},
			want: healthy,
			messages: map[report.ID][]string{
				report.DNSServerUnreachable: {"zone example.test: 1 of 1 name servers answer; note: 1 of 2 name server addresses could not be asked from this machine: it has no IPv6 route (ns2.example.test (2001:db8::53)); the others answer"},
				report.DNSLameDelegation:    {"zone example.test: 1 of 1 name servers answer; 1 could not be asked from this machine"},
			},
			addrs:        []string{"192.0.2.10"},
			countQueries: true,
		},
		{
			name: "IPv4 server silent, IPv6 not asked",
			ns:   []dnsserver.NameserverSpec{{Options: drop}, {External: v6ns1}},
			// The silent server could be all there is, or the IPv6 one
			// could answer CloudFront: not verified, so warnings.
			want: with(map[report.ID]report.Status{
				report.DNSServerUnreachable: warn, report.DNSTimeout: warn,
				report.DNSServFail: skip, report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip,
			}),
			messages: map[report.ID][]string{
				report.DNSServerUnreachable: {"1 of 2 name server addresses could not be asked from this machine", "1 of 1 name servers does not answer: ns1.example.test"},
				report.DNSTimeout:           {"ns1.example.test", "no answer within", "1 of 2 name servers of zone example.test could not be asked"},
			},
			unverified: []string{"1 of 2 name servers of zone example.test could not be asked from this machine: it has no IPv6 route"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"}, Nameservers: tt.ns})
			routes := &noIPv6{}
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout, Routable: routes.routable})
			ctx, counter := netcount.With(context.Background())
			b := report.NewBuilder()
			res := r.Check(ctx, Question{Name: "www.example.test"}, b)
			rep := b.Build("www.example.test", nil)
			checks := map[report.ID]report.Check{}
			for _, c := range rep.Checks {
				checks[c.ID] = c
			}
			assertChecks(t, checks, tt.want, tt.messages)
			if !rep.Healthy {
				t.Errorf("unhealthy, want healthy (not verified is a warning): %s", rep.Summary)
			}
			if got := addrStrings(res.Addresses); !slices.Equal(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			for _, s := range tt.unverified {
				if !strings.Contains(res.Unverified, s) {
					t.Errorf("Unverified = %q, want it to contain %q", res.Unverified, s)
				}
			}
			if tt.unverified == nil && res.Unverified != "" {
				t.Errorf("Unverified = %q, want empty", res.Unverified)
			}
			for _, ns := range res.Nameservers {
				if ns.Address.Is6() && (ns.Status != stateSkipped || !strings.Contains(ns.Detail, "no IPv6 route")) {
					t.Errorf("IPv6 server %+v, want skipped: no IPv6 route", ns)
				}
			}
			// Nothing went to the IPv6 servers: Routable refused them, and
			// every query sent reached the fixture's (IPv4) servers.
			for _, a := range []netip.Addr{v6ns1, v6ns2} {
				used := slices.ContainsFunc(tt.ns, func(s dnsserver.NameserverSpec) bool { return s.External == a })
				if refused := slices.Contains(routes.refused, netip.AddrPortFrom(a, 53)); used != refused {
					t.Errorf("Routable asked about %s: %v, want %v", a, refused, used)
				}
			}
			if sent, received := counter.Stats().DNSQueries, h.Queries(); tt.countQueries && sent != received {
				t.Errorf("%d queries sent, the fixture's servers received %d: some went elsewhere", sent, received)
			}
		})
	}
}

// TestUnreachableResolverIsNotVerified: a configured recursive resolver
// this machine has no route to is not asked, and says so.
func TestUnreachableResolverIsNotVerified(t *testing.T) {
	routes := &noIPv6{}
	r := NewResolver(Config{Resolvers: []netip.AddrPort{netip.AddrPortFrom(v6ns1, 53)}, QueryTimeout: quickTimeout, Routable: routes.routable})
	ctx, counter := netcount.With(context.Background())
	b := report.NewBuilder()
	res := r.Check(ctx, Question{Name: "www.example.test"}, b)
	rep := b.Build("www.example.test", nil)
	for _, c := range rep.Checks {
		if c.ID == report.DNSTimeout && (c.Status != warn || !strings.Contains(c.Message, "1 of 1 resolvers (dns_resolvers) could not be asked from this machine: it has no IPv6 route")) {
			t.Errorf("dns.timeout = %s %q, want a warning that the resolver could not be asked", c.Status, c.Message)
		}
		if c.Category == report.CategoryDNS && c.Status == report.Pass {
			t.Errorf("%s passes with nothing asked: %s", c.ID, c.Message)
		}
	}
	if !rep.Healthy || len(res.Addresses) != 0 || !strings.Contains(res.Unverified, "1 of 1 resolvers (dns_resolvers) could not be asked") {
		t.Errorf("healthy=%v addresses=%v Unverified=%q", rep.Healthy, res.Addresses, res.Unverified)
	}
	if n := counter.Stats().DNSQueries; n != 0 {
		t.Errorf("%d queries sent, want none", n)
	}
}
