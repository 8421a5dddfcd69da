package dnscheck

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// consistent is what a sound delegation with glue and no subdomain reports.
var consistent = map[report.ID]report.Status{
	report.DNSParentChildNSMismatch: pass, report.DNSGlueMismatch: pass, report.DNSNSCNAME: pass,
	report.DNSSOAMismatch: pass, report.DNSSubdomainDelegationBroken: skip,
}

func TestDelegationConsistency(t *testing.T) {
	fixture.RequireRoot(t)
	www := []string{"www A 192.0.2.10"}
	// sub is www.sub.example.test's zone, delegated from example.test.
	sub := func(ns ...dnsserver.NameserverSpec) []dnsserver.ZoneSpec {
		return []dnsserver.ZoneSpec{
			{Origin: "example.test.", Records: []string{"other A 192.0.2.1"}},
			{Origin: "sub.example.test.", Records: www, Nameservers: ns},
		}
	}
	unserved := dnsserver.NameserverSpec{Unserved: true}
	tests := []struct {
		name     string
		zones    []dnsserver.ZoneSpec
		origin   string
		want     map[report.ID]report.Status
		messages map[report.ID][]string
	}{
		{
			name:   "sound delegation",
			zones:  []dnsserver.ZoneSpec{{Origin: "example.test.", Records: www, Nameservers: servers(2)}},
			origin: "www.example.test",
			want:   merge(healthy, consistent, map[report.ID]report.Status{report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{
				report.DNSParentChildNSMismatch: {"the parent test and the zone list the same name servers {ns1.example.test, ns2.example.test}"},
				report.DNSSOAMismatch:           {"2 of 2 servers serve SOA serial 1"},
			},
		},
		{
			name:   "sound sub-delegation, three levels",
			zones:  sub(dnsserver.NameserverSpec{}, dnsserver.NameserverSpec{}),
			origin: "www.sub.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSSubdomainDelegationBroken: pass, report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSSubdomainDelegationBroken: {
				"zone sub.example.test, delegated from example.test: 2 of 2 servers serve it with its SOA"}},
		},
		{
			name: "glueless but resolvable",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: www, Nameservers: []dnsserver.NameserverSpec{{Name: "ns1.dns-host.test."}}},
				{Origin: "dns-host.test."},
			},
			origin: "www.example.test",
			want:   merge(healthy, consistent, map[report.ID]report.Status{report.DNSGlueMismatch: skip}),
		},
		{
			name: "parent lists a server the zone dropped",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: www,
				Nameservers: []dnsserver.NameserverSpec{{}, {NotInZone: true}}}},
			origin: "www.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSParentChildNSMismatch: warn, report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSParentChildNSMismatch: {
				"zone example.test: the parent test delegates to {ns1.example.test, ns2.example.test} but the zone's servers list {ns1.example.test}",
				"CloudFront may return HTTP 502 intermittently"}},
		},
		{
			name: "zone lists a server the parent does not",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: www,
				Nameservers: []dnsserver.NameserverSpec{{}, {NotInParent: true}}}},
			origin: "www.example.test",
			want:   merge(healthy, consistent, map[report.ID]report.Status{report.DNSParentChildNSMismatch: warn}),
		},
		{
			name: "stale glue",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: www,
				Nameservers: []dnsserver.NameserverSpec{{}, {Glue: loopback.Addr()}}}},
			origin: "www.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSGlueMismatch: warn, report.DNSServerUnreachable: warn}),
			messages: map[report.ID][]string{report.DNSGlueMismatch: {"glue for ns2.example.test in test: says 127.", "but ns2.example.test resolves to 127."}},
		},
		{
			name: "name server is an alias",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: www,
					Nameservers: []dnsserver.NameserverSpec{{}, {Name: "dns.dns-host.test.", CNAME: "real.dns-host.test."}}},
				{Origin: "dns-host.test."},
			},
			origin: "www.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSNSCNAME: warn, report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSNSCNAME: {"name server dns.dns-host.test is an alias (dns.dns-host.test → real.dns-host.test)"}},
		},
		{
			name: "a server missed a zone transfer",
			zones: []dnsserver.ZoneSpec{{Origin: "example.test.", Records: www,
				Nameservers: []dnsserver.NameserverSpec{{}, {Serial: 2}}}},
			origin: "www.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSSOAMismatch: warn, report.DNSInconsistentAnswers: pass}),
			messages: map[report.ID][]string{report.DNSSOAMismatch: {"ns1.example.test (127.", "serve serial 1; ns2.example.test (127.", "serve serial 2"}},
		},
		{
			name: "name server that does not exist",
			zones: []dnsserver.ZoneSpec{
				{Origin: "example.test.", Records: www,
					Nameservers: []dnsserver.NameserverSpec{{}, {Name: "gone.dns-host.test.", Unserved: true}}},
				{Origin: "dns-host.test.", Nameservers: []dnsserver.NameserverSpec{{Name: "ns1.example.test."}}},
			},
			origin: "www.example.test",
			want:   merge(healthy, consistent, map[report.ID]report.Status{report.DNSLameDelegation: warn}),
		},
		{
			name:   "sub-delegation to a server without the zone (the parent delegates, the server never got the zone)",
			zones:  sub(unserved),
			origin: "www.sub.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSSubdomainDelegationBroken: fail, report.DNSLameDelegation: fail,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{report.DNSSubdomainDelegationBroken: {
				"zone sub.example.test, delegated from example.test: 1 of 1 servers it is delegated to does not serve it as a zone: ns1.sub.example.test (127.",
				"answered REFUSED", "NonS3OriginDnsError"}},
		},
		{
			name:   "sub-delegation back to the parent's own server",
			zones:  sub(dnsserver.NameserverSpec{Name: "ns1.example.test.", Unserved: true}),
			origin: "www.sub.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSSubdomainDelegationBroken: fail, report.DNSLameDelegation: fail,
				report.DNSNXDomain: skip, report.DNSNoData: skip, report.DNSCNAMELoop: skip}),
			messages: map[report.ID][]string{report.DNSSubdomainDelegationBroken: {"answered without authority for sub.example.test"}},
		},
		{
			name:   "sub-delegation half broken",
			zones:  sub(dnsserver.NameserverSpec{}, unserved),
			origin: "www.sub.example.test",
			want: merge(healthy, consistent, map[report.ID]report.Status{
				report.DNSSubdomainDelegationBroken: warn, report.DNSLameDelegation: warn, report.DNSParentChildNSMismatch: pass}),
			messages: map[report.ID][]string{report.DNSSubdomainDelegationBroken: {"1 of 2 servers it is delegated to does not serve it as a zone: ns2.sub.example.test"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hierarchy(t, tt.zones...)
			r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
			start := time.Now()
			_, checks := checkName(t, r, tt.origin)
			if elapsed := time.Since(start); elapsed > 3*quickTimeout {
				t.Errorf("Check took %s", elapsed)
			}
			for _, id := range slices.Concat(dnsChecks, delegationChecks) {
				if checks[id].Status != tt.want[id] {
					t.Errorf("%s = %s (%s), want %s", id, checks[id].Status, checks[id].Message, tt.want[id])
				}
			}
			for id, msgs := range tt.messages {
				for _, m := range msgs {
					if !strings.Contains(checks[id].Message, m) {
						t.Errorf("%s message %q does not contain %q", id, checks[id].Message, m)
					}
				}
			}
		})
	}
}
