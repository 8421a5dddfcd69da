package engine

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
	"github.com/originhealth/terraform-provider-origin/internal/tlscheck"
)

func startLab(t *testing.T) (*lab.Lab, *Engine) {
	t.Helper()
	l, err := lab.Start()
	if err != nil {
		t.Fatalf("fixture lab %v", err)
	}
	t.Cleanup(l.Close)
	return l, labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 5 * time.Second})
}

// labEngine is a fresh Engine (an empty cache, as at the start of a plan)
// that trusts a fixture lab's CA and walks from its root servers; opts
// sets the rest.
func labEngine(tb testing.TB, caPEM string, rootServers []netip.AddrPort, opts Options) *Engine {
	tb.Helper()
	roots, err := tlscheck.AddPEM(tlscheck.MozillaRoots(), caPEM)
	if err != nil {
		tb.Fatal(err)
	}
	opts.Roots, opts.DNS.RootServers = roots, rootServers
	opts.AllowPrivateAddresses = true // the lab lives on 127.0.0.0/8
	return New(opts)
}

// TestCheckLabScenarios runs every lab origin through the engine and
// compares the failing and warning checks with what CloudFront would do.
func TestCheckLabScenarios(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	for _, s := range l.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			assertVerdict(t, s, e.Check(context.Background(), specOf(s), nil))
		})
	}
}

// assertVerdict wants exactly the scenario's failing and warning checks,
// every other one passed or skipped, and its healthy.
func assertVerdict(t *testing.T, s lab.Scenario, res Result) {
	t.Helper()
	want := map[report.ID]report.Status{}
	for _, id := range s.Fails {
		want[id] = report.Fail
	}
	for _, id := range s.Warns {
		want[id] = report.Warn
	}
	for _, c := range res.Report.Checks {
		got := c.Status
		if got == report.Pass || got == report.Skip {
			got = ""
		}
		if got != want[c.ID] {
			t.Errorf("%s: %s (%s), want %q", c.ID, c.Status, c.Message, want[c.ID])
		}
	}
	if res.Report.Healthy != s.Healthy() {
		t.Errorf("healthy = %v, want %v\n%s", res.Report.Healthy, s.Healthy(), res.Report.Summary)
	}
}

// TestCheckStagesSkipWithReason: an origin that does not resolve gets its
// TCP and TLS checks skipped, saying why.
func TestCheckStagesSkipWithReason(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	res := e.Check(context.Background(), specOf(l.Scenario("nxdomain")), nil)
	for _, c := range res.Report.Checks {
		if c.Category == report.CategoryTCP || c.Category == report.CategoryTLS {
			if c.Status != report.Skip || c.Message != "not run: the origin name did not resolve to any address" {
				t.Errorf("%s: %s %q, want skipped because DNS failed", c.ID, c.Status, c.Message)
			}
		}
	}
}

func specOf(s lab.Scenario) originspec.Spec { return s.Spec() }

// TestVerdictLineNamesCloudFrontsStatus: the summary's first line says
// what CloudFront would return for the lab origin's failing causes.
func TestVerdictLineNamesCloudFrontsStatus(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	for _, tc := range []struct{ scenario, want string }{
		{"http_slow_first_byte", "is UNHEALTHY: CloudFront would return 504 ("},
		{"http_no_response", "is UNHEALTHY: CloudFront would return 502 ("},
		{"http_head_too_large", "is UNHEALTHY: CloudFront would return 502 ("},
		{"http_alb_502", "is UNHEALTHY: CloudFront would return 502 ("},
		{"http_only_503", "is UNHEALTHY: CloudFront would return 503 ("},
		{"port_closed", "is UNHEALTHY: CloudFront would return 502 ("},
		{"one_address_closed", "is healthy ("},
		{"one_address_tls10", "is healthy ("},
		{"tls10_only", "is UNHEALTHY: CloudFront would return 502 ("},
		{"http_head_between_limits", "is healthy ("},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			res := e.Check(context.Background(), specOf(l.Scenario(tc.scenario)), nil)
			if head, _, _ := strings.Cut(res.Report.Summary, "\n"); !strings.Contains(head, tc.want) {
				t.Errorf("verdict line %q lacks %q", head, tc.want)
			}
		})
	}
}
