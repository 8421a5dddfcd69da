package engine

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/hostile"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/loopback"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// deadlineWorld serves two origins: "slowdns.test" (one of its two name
// servers silent, so DNS can spend the whole budget) and "blackhole.test"
// (a TCP black hole on 443).
func deadlineWorld(t *testing.T) []netip.AddrPort {
	t.Helper()
	hole, err := hostile.NewBlackHole(netip.AddrPortFrom(loopback.Addr(), 443))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hole.Close)
	h, err := dnsserver.NewHierarchy(
		dnsserver.ZoneSpec{
			Origin:      "slowdns.test.",
			Records:     []string{fmt.Sprintf("@ A %s", loopback.Addr())}, // nothing listens: TCP would fail if it ran
			Nameservers: []dnsserver.NameserverSpec{{Options: dnsserver.Options{Behavior: dnsserver.Drop}}, {}},
		},
		dnsserver.ZoneSpec{Origin: "blackhole.test.", Records: []string{fmt.Sprintf("@ A %s", hole.Addr.Addr())}},
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h.Roots()
}

// TestCheckDeadline: whatever the stage the deadline falls in, the check
// returns by then, and what did not run is neither failed nor passed:
// the result is incomplete, hence not healthy.
func TestCheckDeadline(t *testing.T) {
	fixture.RequireRoot(t)
	roots := deadlineWorld(t)
	const timeout = 1500 * time.Millisecond
	cases := []struct {
		name, domain string
		// stage is where the deadline must be reported.
		stage string
		// notRun are checks that must be skipped, not failed.
		notRun []report.ID
	}{
		// A silent name server uses the budget; TCP and TLS must not then
		// report the ports closed for lack of time.
		{"spent in DNS", "slowdns.test", "during the DNS stage", []report.ID{report.TCPHTTPSPortClosed, report.TLSHandshakeFailed}},
		{"spent in TCP", "blackhole.test", "during the TCP stage", []report.ID{report.TLSHandshakeFailed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := New(Options{Timeout: timeout, DNS: dnscheck.Config{RootServers: roots}, AllowPrivateAddresses: true})
			start := time.Now()
			res := e.Check(context.Background(), originspec.Spec{DomainName: tc.domain}, nil)
			if elapsed := time.Since(start); elapsed > timeout+time.Second {
				t.Errorf("took %s, timeout %s", elapsed, timeout)
			}
			if !strings.Contains(res.Incomplete, tc.stage) || res.Report.Healthy || !strings.Contains(res.Report.Summary, "INCOMPLETE: "+res.Incomplete) {
				t.Errorf("incomplete %q, healthy %v, want incomplete %s and unhealthy:\n%s", res.Incomplete, res.Report.Healthy, tc.stage, res.Report.Summary)
			}
			for _, id := range tc.notRun {
				if c := find(t, res.Report, id); c.Status != report.Skip || !strings.Contains(c.Message, "ran out") {
					t.Errorf("%s: %s %q, want skipped because the timeout ran out", id, c.Status, c.Message)
				}
			}
		})
	}
}

// TestCheckSlotWaitIsNotHealthy: an origin that never got a check slot
// within the timeout ran no check, so it must not come out healthy.
func TestCheckSlotWaitIsNotHealthy(t *testing.T) {
	fixture.RequireRoot(t)
	roots := deadlineWorld(t)
	e := New(Options{Timeout: time.Second, MaxConcurrency: 1, DNS: dnscheck.Config{RootServers: roots}, AllowPrivateAddresses: true})
	var (
		wg    sync.WaitGroup
		first Result
	)
	wg.Go(func() { first = e.Check(context.Background(), originspec.Spec{DomainName: "blackhole.test"}, nil) })
	// Once the first check holds the only slot, a second one whose deadline
	// comes before the slot frees must wait in vain.
	for len(e.slots) == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	second := e.Check(ctx, originspec.Spec{DomainName: "blackhole.test"}, nil)
	wg.Wait()
	for _, r := range []Result{first, second} {
		if r.Report.Healthy {
			t.Errorf("healthy without a full check:\n%s", r.Report.Summary)
		}
	}
	if !strings.Contains(second.Incomplete, "waiting for a check slot") {
		t.Errorf("second check: incomplete %q, want it to say it waited for a slot", second.Incomplete)
	}
}

// TestCheckCancelled: Terraform's interrupt cancels the context; the check
// stops at once and says so.
func TestCheckCancelled(t *testing.T) {
	fixture.RequireRoot(t)
	roots := deadlineWorld(t)
	e := New(Options{Timeout: 10 * time.Second, DNS: dnscheck.Config{RootServers: roots}, AllowPrivateAddresses: true})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	time.AfterFunc(200*time.Millisecond, stop)
	start := time.Now()
	res := e.Check(ctx, originspec.Spec{DomainName: "blackhole.test"}, nil)
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %s after cancellation at 200ms", elapsed)
	}
	if !strings.Contains(res.Incomplete, "cancelled") || res.Report.Healthy {
		t.Errorf("incomplete %q healthy %v, want cancelled and not healthy", res.Incomplete, res.Report.Healthy)
	}
}

// TestOriginBudget: without a provider timeout, an origin gets what its
// own settings make CloudFront wait.
func TestOriginBudget(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		spec    originspec.Spec
		want    time.Duration
	}{
		{"defaults", 0, originspec.Spec{DomainName: "o.example"}, 28 * time.Second},
		{"connection_timeout 2", 0, originspec.Spec{DomainName: "o.example", ConnectionTimeout: 2}, 12 * time.Second},
		{"http_request, read timeout 30", 0, originspec.Spec{DomainName: "o.example", HTTPRequest: &originspec.HTTPRequest{}}, 88 * time.Second},
		{"keep-alive watch", 0, originspec.Spec{DomainName: "o.example", ConnectionTimeout: 1, HTTPRequest: &originspec.HTTPRequest{ReadTimeout: 5, KeepaliveTimeout: 5, MeasureKeepalive: true}}, 26 * time.Second},
		{"the provider's timeout wins", 3 * time.Second, originspec.Spec{DomainName: "o.example", HTTPRequest: &originspec.HTTPRequest{}}, 3 * time.Second},
	}
	for _, tt := range tests {
		e := New(Options{Timeout: tt.timeout})
		if got := e.originBudget(tt.spec.Normalize()); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
