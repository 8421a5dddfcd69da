package dnscheck

import (
	"context"
	"net/netip"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestNonPublicNameServersAreNeverAsked: with allow_private_addresses =
// false, a name server at a non-public address is not sent a packet,
// whichever way the walk came to its address (glue, an NS host name that
// resolves to it, a zone on a CNAME chain), and dns.private_nameserver
// says so. The lab is all loopback: the servers the test trusts stand for
// public ones, every other is the private address a hostile delegation
// points at, and its query counter must stay at zero.
func TestNonPublicNameServersAreNeverAsked(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t,
		dnsserver.ZoneSpec{Origin: "good.test.", Records: []string{"www CNAME www.inside.test.", "ns A 192.0.2.1"}},
		// Glue to a private address.
		dnsserver.ZoneSpec{Origin: "glued.test.", Records: []string{"www A 192.0.2.10"}},
		// Glueless: the NS host name, in a public zone, resolves to a private address.
		dnsserver.ZoneSpec{Origin: "glueless.test.", Records: []string{"www A 192.0.2.11"},
			Nameservers: []dnsserver.NameserverSpec{{Name: "ns-private.good.test."}}},
		// A CNAME target's zone on a private address.
		dnsserver.ZoneSpec{Origin: "inside.test.", Records: []string{"www A 192.0.2.12"}},
	)
	public := []netip.Addr{h.Server("ns1.good.test.").Addr(), h.Server("ns1.test.").Addr()}
	for _, r := range h.Roots() {
		public = append(public, r.Addr())
	}
	tests := []struct {
		origin  string
		private string // the host of the server that must never be asked
	}{
		{"www.glued.test", "ns1.glued.test."},
		{"www.glueless.test", "ns-private.good.test."},
		{"www.good.test", "ns1.inside.test."},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			srv := h.Server(tt.private)
			before := srv.Queries()
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
			ctx := netgate.With(context.Background(), &netgate.Policy{PublicOnly: true, Trusted: public})
			b := report.NewBuilder()
			res := r.Check(ctx, Question{Name: tt.origin}, b)
			if got := srv.Queries() - before; got != 0 {
				t.Errorf("%s (%s) got %d queries; want none", tt.private, srv.Addr(), got)
			}
			if len(res.Addresses) != 0 {
				t.Errorf("addresses = %v, want none", res.Addresses)
			}
			checks := map[report.ID]report.Check{}
			for _, c := range b.Build(tt.origin, nil).Checks {
				checks[c.ID] = c
			}
			c := checks[report.DNSPrivateNameserver]
			if c.Status != report.Fail || !strings.Contains(c.Message, srv.Addr().String()+" is loopback (127.0.0.0/8) and allow_private_addresses is false") {
				t.Errorf("%s = %s (%s), want a failure naming %s", c.ID, c.Status, c.Message, srv.Addr())
			}
			for _, ns := range res.Nameservers {
				if ns.Address == srv.Addr() && ns.Status != stateNotPublic {
					t.Errorf("nameservers: %+v, want status nonpublic", ns)
				}
			}

			// Allowed, the same server answers.
			r = NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
			ctx = netgate.With(context.Background(), &netgate.Policy{})
			if res := r.Check(ctx, Question{Name: tt.origin}, report.NewBuilder()); len(res.Addresses) == 0 || srv.Queries() == before {
				t.Errorf("allowed: addresses %v, %d queries", res.Addresses, srv.Queries()-before)
			}
		})
	}
}
