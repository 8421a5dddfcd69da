package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAddressFamilies: a family ip_address_type uses without a record
// fails dns.no_ipv4_address / dns.no_ipv6_address, and warns under
// dualstack, where CloudFront connects over the other family. The
// documentation addresses are not public, so nothing is connected to.
func TestAddressFamilies(t *testing.T) {
	fixture.RequireRoot(t)
	h, err := dnsserver.NewHierarchy(dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{
		"v4only A 192.0.2.10", "v6only AAAA 2001:db8::10",
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	// The lab's name servers stand for public ones; its origins' addresses
	// are what allow_private_addresses judges.
	e := New(Options{Timeout: 5 * time.Second, DNS: dnscheck.Config{RootServers: h.Roots()}, PublicAddresses: h.Addrs()})
	for _, tc := range []struct {
		name, ipType string
		id           report.ID
		status       report.Status
		message      string
	}{
		{"v4only.example.test", originspec.IPv6, report.DNSNoIPv6Address, report.Fail, "has no AAAA record while ip_address_type is ipv6"},
		{"v4only.example.test", originspec.DualStack, report.DNSNoIPv6Address, report.Warn, "has no AAAA record while ip_address_type is dualstack"},
		{"v6only.example.test", originspec.DualStack, report.DNSNoIPv4Address, report.Warn, "has no A record while ip_address_type is dualstack"},
		{"v6only.example.test", originspec.IPv4, report.DNSNoIPv4Address, report.Fail, "has no A record while ip_address_type is ipv4"},
	} {
		t.Run(tc.name+"/"+tc.ipType, func(t *testing.T) {
			res := e.Check(context.Background(), originspec.Spec{DomainName: tc.name, IPAddressType: tc.ipType}, nil)
			if c := find(t, res.Report, tc.id); c.Status != tc.status || !strings.Contains(c.Message, tc.message) {
				t.Errorf("%s = %s %q, want %s saying %q", tc.id, c.Status, c.Message, tc.status, tc.message)
			}
			if res.Traffic.Connects != 0 {
				t.Errorf("%d connects, want none to a documentation address", res.Traffic.Connects)
			}
		})
	}
}
