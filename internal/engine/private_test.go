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

// TestPrivateAddressesAreNotConnectedTo: with allow_private_addresses
// false, an origin whose DNS answers are RFC 1918 or ULA addresses fails
// dns.private_address and is never connected to (the connect counter stays
// at zero, so no packet goes to those ranges from this machine).
func TestPrivateAddressesAreNotConnectedTo(t *testing.T) {
	fixture.RequireRoot(t)
	h, err := dnsserver.NewHierarchy(dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{
		"rfc1918 A 10.20.30.40", "rfc1918 A 192.168.7.8", "rfc1918 AAAA fd00::1234",
		"cgnat A 100.64.1.2",
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
		want         []string
	}{
		{"rfc1918.example.test", originspec.DualStack, []string{"10.20.30.40 is private (RFC 1918, 10.0.0.0/8)", "192.168.7.8 is private", "fd00::1234 is unique local"}},
		{"rfc1918.example.test", originspec.IPv4, []string{"10.20.30.40", "192.168.7.8"}},
		{"cgnat.example.test", originspec.IPv4, []string{"100.64.1.2 is shared address space"}},
	} {
		t.Run(tc.name+"/"+tc.ipType, func(t *testing.T) {
			res := e.Check(context.Background(), originspec.Spec{DomainName: tc.name, IPAddressType: tc.ipType}, nil)
			c := find(t, res.Report, report.DNSPrivateAddress)
			if c.Status != report.Fail {
				t.Fatalf("dns.private_address = %s %q, want fail", c.Status, c.Message)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Message, w) {
					t.Errorf("message %q does not say %q", c.Message, w)
				}
			}
			if tc.ipType == originspec.IPv4 && strings.Contains(c.Message, "fd00") {
				t.Errorf("message %q judges an IPv6 address under ip_address_type ipv4", c.Message)
			}
			if res.Traffic.Connects != 0 {
				t.Errorf("%d connects, want none to a private address", res.Traffic.Connects)
			}
			if res.Report.Healthy {
				t.Errorf("healthy, want a failure:\n%s", res.Report.Summary)
			}
			if c := find(t, res.Report, report.TCPHTTPSPortClosed); c.Status != report.Skip {
				t.Errorf("tcp.https_port_closed = %s %q, want skipped", c.Status, c.Message)
			}
		})
	}
}

// TestLoopbackOriginUnderBothSettings: the lab's healthy origin lives on
// 127.0.0.0/8. Without allow_private_addresses it fails and is not
// connected to; with it, it is probed and healthy.
func TestLoopbackOriginUnderBothSettings(t *testing.T) {
	fixture.RequireRoot(t)
	l, _ := startLab(t)
	spec := l.Scenario("healthy").Spec()
	for _, allow := range []bool{false, true} {
		e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 5 * time.Second})
		e.opts.AllowPrivateAddresses = allow
		res := e.Check(context.Background(), spec, nil)
		c := find(t, res.Report, report.DNSPrivateAddress)
		switch {
		case !allow && (c.Status != report.Fail || !strings.Contains(c.Message, "loopback (127.0.0.0/8)") || res.Traffic.Connects != 0 || res.Report.Healthy):
			t.Errorf("allow=false: %s %q, %d connects, healthy %v; want a loopback failure and no connect", c.Status, c.Message, res.Traffic.Connects, res.Report.Healthy)
		case allow && (c.Status != report.Pass || !strings.Contains(c.Message, "allow_private_addresses is true") || !res.Report.Healthy):
			t.Errorf("allow=true: %s %q, healthy %v; want a pass that says the setting let it through\n%s", c.Status, c.Message, res.Report.Healthy, res.Report.Summary)
		}
	}
}

// TestSkippedConfigCheckSkipsOnlyItself: skipping a failed config check
// with skip_checks lets the network stages run (they used to be skipped,
// leaving the origin healthy with nothing probed).
func TestSkippedConfigCheckSkipsOnlyItself(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	spec := l.Scenario("healthy").Spec()
	spec.SSLProtocols = []string{"TLSv1.2", "TLSv1.3"} // TLSv1.3 fails config.unknown_protocol
	for _, skipped := range []bool{false, true} {
		skip := map[report.ID]bool{report.ConfigUnknownProtocol: skipped}
		res := e.Check(context.Background(), spec, skip)
		tlsCheck := find(t, res.Report, report.TLSNameMismatch)
		switch {
		case !skipped && (res.Report.Healthy || tlsCheck.Status != report.Skip):
			t.Errorf("not skipped: healthy %v, tls.name_mismatch %s; want unhealthy with TLS not run", res.Report.Healthy, tlsCheck.Status)
		case skipped && (!res.Report.Healthy || tlsCheck.Status != report.Pass || res.Traffic.Connects == 0):
			t.Errorf("skipped: healthy %v, tls.name_mismatch %s %q, %d connects; want the TLS stage run and passing\n%s",
				res.Report.Healthy, tlsCheck.Status, tlsCheck.Message, res.Traffic.Connects, res.Report.Summary)
		}
	}
}
