package provider

import (
	"fmt"
	"net/netip"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/tlsserver"
	"github.com/originhealth/terraform-provider-origin/internal/netroute"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// unroutableIPv6 is the AAAA the origin and one name server have: inside
// the namespace (loopback only) there is no route to it, as on a CI runner
// without IPv6, so no packet can leave for it.
var unroutableIPv6 = netip.MustParseAddr("2001:db8::443")

// TestAccNoIPv6Route plans a dual-stack origin through terraform inside a
// network namespace that has only a loopback interface: a runner with no
// IPv6 route. The origin's IPv6 address cannot be verified from there, so
// it warns, and the origin stays healthy; the IPv6 name server not asked
// is only a note, since the IPv4 one answers; under ipv4 nothing about
// IPv6 is judged.
func TestAccNoIPv6Route(t *testing.T) {
	requireAcceptance(t)
	if !netns.Enter(t) {
		return
	}
	if netroute.Check(unroutableIPv6) == nil {
		t.Fatalf("the namespace has a route to %s; want none", unroutableIPv6)
	}
	root, err := pki.NewRoot("No-IPv6 Lab Root")
	if err != nil {
		t.Fatal(err)
	}
	const name = "ds.example.test"
	leaf, err := pki.Issue(pki.Template{CommonName: name, DNSNames: []string{name}}, root)
	if err != nil {
		t.Fatal(err)
	}
	cert := leaf.TLS()
	v4 := loopback.Addr()
	srv, err := tlsserver.Start(netip.AddrPortFrom(v4, 443), tlsserver.Config{Certificate: &cert})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	h, err := dnsserver.NewHierarchy(dnsserver.ZoneSpec{Origin: "example.test.",
		Records:     []string{fmt.Sprintf("ds A %s", v4), fmt.Sprintf("ds AAAA %s", unroutableIPv6)},
		Nameservers: []dnsserver.NameserverSpec{{}, {External: netip.MustParseAddr("2001:db8::53")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	cfg := labProvider(h.Roots(), root.PEM()) + fmt.Sprintf(`
data "origin_health" "dualstack" {
  detail          = "full" # the messages of passing checks are read
  domain_name     = %q
  ip_address_type = "dualstack"
}
data "origin_health" "ipv4" {
  detail      = "full"
  domain_name = %q
}
`, name, name)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr("data.origin_health.dualstack", "healthy", "true"),
			resource.TestMatchResourceAttr("data.origin_health.dualstack", "summary", regexp.MustCompile(`(?s)healthy as far as this machine can verify.*NOT VERIFIED from this machine: .*2001:db8::443`)),
			resource.TestCheckResourceAttr("data.origin_health.ipv4", "healthy", "true"),
			logSummary(t, "data.origin_health.dualstack"),
		), ConfigStateChecks: []statecheck.StateCheck{
			checkByID("data.origin_health.dualstack", report.TCPHTTPSPortClosed, report.Warn).Message("this machine has no route to IPv6 addresses"),
			checkByID("data.origin_health.dualstack", report.TLSNameMismatch, report.Pass).Message("127."),
			// The IPv4 name server answers, which is all CloudFront needs:
			// the IPv6 one not asked is a note, not a warning.
			checkByID("data.origin_health.dualstack", report.DNSServerUnreachable, report.Pass).Message("note: 1 of 2 name server addresses could not be asked from this machine: it has no IPv6 route"),
			checkByID("data.origin_health.ipv4", report.TCPHTTPSPortClosed, report.Pass).Message("accepted"),
			checkByID("data.origin_health.ipv4", report.DNSNoIPv6Address, report.Skip).Message("listed in addresses, not judged"),
		}}},
	})
}

func logSummary(t *testing.T, address string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if rs, ok := s.RootModule().Resources[address]; ok {
			t.Logf("%s summary:\n%s", address, rs.Primary.Attributes["summary"])
		}
		return nil
	}
}
