package dnscheck

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/daemon"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/debiandns"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// debian starts a Debian DNS daemon for the test. A missing binary fails
// the test with what to install (a skip with ORIGIN_ALLOW_SKIP=1: see
// daemon.Require), as does any other start failure.
func debian(t *testing.T, start func() (*debiandns.Process, error)) *debiandns.Process {
	t.Helper()
	p, err := start()
	daemon.Require(t, err)
	t.Cleanup(p.Close)
	return p
}

// interopHierarchy is root → test. → example.test. (served by NSD on
// nsdAddr, beside a miekg/dns server) with a CNAME into cdn.test.
func interopHierarchy(t *testing.T) *dnsserver.Hierarchy {
	t.Helper()
	nsdAddr := loopback.Addr()
	h := hierarchy(t,
		dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www A 192.0.2.10", "alias CNAME edge.cdn.test.", `txt TXT "no address"`},
			Nameservers: []dnsserver.NameserverSpec{{External: nsdAddr}, {}}},
		dnsserver.ZoneSpec{Origin: "cdn.test.", Records: []string{"edge A 192.0.2.20"}},
	)
	debian(t, func() (*debiandns.Process, error) {
		return debiandns.NSD(t.TempDir(), nsdAddr, h.ExternalZones("ns1.example.test.")...)
	})
	return h
}

// TestInteropNSD walks into a zone NSD serves: NSD's answers (minimal
// responses, its own NXDOMAIN/NODATA and SOA handling) grade like ours.
func TestInteropNSD(t *testing.T) {
	fixture.RequireRoot(t)
	h := interopHierarchy(t)
	tests := []struct {
		origin string
		want   map[report.ID]report.Status
		addrs  []string
	}{
		{origin: "www.example.test", want: merge(healthy, consistent, map[report.ID]report.Status{report.DNSInconsistentAnswers: pass}), addrs: []string{"192.0.2.10"}},
		{origin: "alias.example.test", want: merge(healthy, consistent, map[report.ID]report.Status{report.DNSInconsistentAnswers: pass}), addrs: []string{"192.0.2.20"}},
		{origin: "nope.example.test", want: merge(healthy, consistent, map[report.ID]report.Status{
			report.DNSNXDomain: fail, report.DNSNoData: skip, report.DNSInconsistentAnswers: pass})},
		{origin: "txt.example.test", want: merge(healthy, consistent, map[report.ID]report.Status{
			report.DNSNoData: fail, report.DNSInconsistentAnswers: pass})},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
			res, checks := checkName(t, r, tt.origin)
			for _, id := range slices.Concat(dnsChecks, delegationChecks) {
				if checks[id].Status != tt.want[id] {
					t.Errorf("%s = %s (%s), want %s", id, checks[id].Status, checks[id].Message, tt.want[id])
				}
			}
			if got := addrStrings(res.Addresses); !slices.Equal(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			if !slices.ContainsFunc(res.Nameservers, func(ns Nameserver) bool { return ns.Name == "ns1.example.test" && ns.Status == stateOK }) {
				t.Errorf("NSD's server missing or not ok in %+v", res.Nameservers)
			}
		})
	}
}

// TestInteropUnboundRecursive resolves through Unbound walking our
// fixture root (never the internet's): recursive mode as users run it.
func TestInteropUnboundRecursive(t *testing.T) {
	fixture.RequireRoot(t)
	h := interopHierarchy(t)
	unbound := debian(t, func() (*debiandns.Process, error) {
		return debiandns.Unbound(t.TempDir(), loopback.Addr(), h.Roots())
	})
	notWalked := map[report.ID]report.Status{report.DNSServerUnreachable: skip, report.DNSLameDelegation: skip, report.DNSInconsistentAnswers: skip, report.DNSPrivateNameserver: skip}
	for _, id := range delegationChecks {
		notWalked[id] = skip
	}
	tests := []struct {
		origin string
		want   map[report.ID]report.Status
		addrs  []string
	}{
		{origin: "www.example.test", want: with(notWalked), addrs: []string{"192.0.2.10"}},
		{origin: "alias.example.test", want: with(notWalked), addrs: []string{"192.0.2.20"}},
		{origin: "nope.example.test", want: with(merge(notWalked, map[report.ID]report.Status{report.DNSNXDomain: fail, report.DNSNoData: skip}))},
		{origin: "txt.example.test", want: with(merge(notWalked, map[report.ID]report.Status{report.DNSNoData: fail}))},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			r := NewResolver(Config{Resolvers: []netip.AddrPort{unbound.AddrPort()}, QueryTimeout: 2 * quickTimeout})
			res, checks := checkName(t, r, tt.origin)
			for _, id := range slices.Concat(dnsChecks, delegationChecks) {
				if checks[id].Status != tt.want[id] {
					t.Errorf("%s = %s (%s), want %s", id, checks[id].Status, checks[id].Message, tt.want[id])
				}
			}
			if got := addrStrings(res.Addresses); !slices.Equal(got, tt.addrs) {
				t.Errorf("Addresses = %v, want %v", got, tt.addrs)
			}
			if len(res.Nameservers) != 0 {
				t.Errorf("Nameservers = %v; want none through resolvers", res.Nameservers)
			}
		})
	}
}
