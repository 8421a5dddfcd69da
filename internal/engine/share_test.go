package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestCheckHandsConnectionsToTLS: the TLS stage handshakes on the
// connection the TCP stage opened to https_port, so an origin costs one
// connect for it and one for the probe, plus one per other port.
func TestCheckHandsConnectionsToTLS(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	cases := []struct {
		scenario          string
		connects, flights int64
	}{
		{"healthy", 2, 3},
		{"cname", 2, 3},
		{"expired", 2, 3},
		{"match_viewer_http_closed", 3, 3}, // http_port refused
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			s := l.Scenario(tc.scenario)
			res := e.Check(context.Background(), specOf(s), nil)
			if res.Report.Healthy != s.Healthy() {
				t.Errorf("healthy = %v, want %v\n%s", res.Report.Healthy, s.Healthy(), res.Report.Summary)
			}
			if res.Traffic.Connects != tc.connects || res.Traffic.Flights != tc.flights {
				t.Errorf("%d connects and %d TLS flights, want %d and %d", res.Traffic.Connects, res.Traffic.Flights, tc.connects, tc.flights)
			}
		})
	}
}

// TestCheckSharesNetworkWork: origins checked by one engine share what
// their address said, each judged by its own parameters: one connect per
// address and port, one handshake per address, SNI and protocols.
func TestCheckSharesNetworkWork(t *testing.T) {
	fixture.RequireRoot(t)
	l, _ := startLab(t)
	healthy, alias := specOf(l.Scenario("healthy")), specOf(l.Scenario("cname"))
	// The alias's CNAME target: same address, but its name as SNI, which
	// the certificate (for the alias) does not cover.
	target := alias
	target.DomainName = "target." + lab.Zone
	otherHost := healthy
	otherHost.HostHeader = "www.elsewhere.test"

	cases := []struct {
		name    string
		origins []originspec.Spec
		atOnce  bool
		// connects is exact for origins checked in turn; at once, an origin
		// may lead the handshake before the one holding the connection.
		connects, flights int64
		// fails is what each origin must fail, "" for healthy.
		fails []report.ID
	}{
		{"same origin twice: one connect, one handshake", []originspec.Spec{healthy, healthy}, false, 2, 3, []report.ID{"", ""}},
		{"same origin twice at once: one handshake", []originspec.Spec{healthy, healthy}, true, 3, 3, []report.ID{"", ""}},
		{"name and its CNAME target: one connect, a handshake per SNI", []originspec.Spec{alias, target}, false, 4, 6, []report.ID{"", report.TLSNameMismatch}},
		{"other host_header: one connect, a handshake per SNI", []originspec.Spec{healthy, otherHost}, true, 4, 6, []report.ID{"", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 5 * time.Second})
			results := make([]Result, len(tc.origins))
			var wg sync.WaitGroup
			for i, spec := range tc.origins {
				check := func() { results[i] = e.Check(context.Background(), spec, nil) }
				if tc.atOnce {
					wg.Go(check)
				} else {
					check()
				}
			}
			wg.Wait()
			var total netcount.Stats
			for i, res := range results {
				total = total.Add(res.Traffic)
				if id := tc.fails[i]; id == "" && !res.Report.Healthy {
					t.Errorf("%s: unhealthy, want healthy:\n%s", tc.origins[i].DomainName, res.Report.Summary)
				} else if id != "" && find(t, res.Report, id).Status != report.Fail {
					t.Errorf("%s: %s does not fail:\n%s", tc.origins[i].DomainName, id, res.Report.Summary)
				}
			}
			if total.Connects > tc.connects || !tc.atOnce && total.Connects != tc.connects || total.Flights != tc.flights {
				t.Errorf("%d connects and %d TLS flights in all, want %d and %d", total.Connects, total.Flights, tc.connects, tc.flights)
			}
		})
	}
}
