package engine

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestOriginNotVerifiedFromThisMachine: every name server of the origin's
// zone is on IPv6 and this machine (simulated) has no IPv6 route. Nothing
// is asked, so nothing passes: DNS warns, the origin stays healthy (a
// warning), and TCP and TLS are skipped as not verified from this machine,
// not as an origin that does not resolve.
func TestOriginNotVerifiedFromThisMachine(t *testing.T) {
	fixture.RequireRoot(t)
	h, err := dnsserver.NewHierarchy(dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10"},
		Nameservers: []dnsserver.NameserverSpec{
			{External: netip.MustParseAddr("2001:db8::53")}, {External: netip.MustParseAddr("2001:db8::54")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	e := New(Options{Timeout: 5 * time.Second, DNS: dnscheck.Config{
		RootServers:  h.Roots(),
		QueryTimeout: 300 * time.Millisecond,
		// No IPv6 route: the 2001:db8:: servers are never sent a packet.
		Routable: func(ap netip.AddrPort) bool { return ap.Addr().Is4() },
	}, PublicAddresses: h.Addrs()})
	res := e.Check(context.Background(), originspec.Spec{DomainName: "www.example.test", ExpiryWarningDays: originspec.DefaultExpiryWarningDays}, nil)
	if !res.Report.Healthy {
		t.Errorf("unhealthy, want healthy with warnings:\n%s", res.Report.Summary)
	}
	for _, c := range res.Report.Checks {
		switch {
		case c.ID == report.DNSServerUnreachable:
			if c.Status != report.Warn || !strings.Contains(c.Message, "2 of 2 name server addresses could not be asked from this machine: it has no IPv6 route") {
				t.Errorf("%s: %s %q, want a warning that no server could be asked", c.ID, c.Status, c.Message)
			}
		case c.Category == report.CategoryDNS && c.Status == report.Pass:
			t.Errorf("%s passes with no server asked: %s", c.ID, c.Message)
		case c.Category == report.CategoryTCP || c.Category == report.CategoryTLS:
			want := "not run: not verified from this machine: 2 of 2 name servers of zone example.test could not be asked from this machine: it has no IPv6 route"
			if c.Status != report.Skip || !strings.HasPrefix(c.Message, want) {
				t.Errorf("%s: %s %q, want skipped as not verified from this machine", c.ID, c.Status, c.Message)
			}
		}
	}
}
