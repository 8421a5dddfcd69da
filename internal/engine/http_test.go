package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestHTTPStageMessages: each HTTP lab scenario's verdict names what the
// origin did, and the stage's summary (the computed http attribute) is
// set exactly when a response head came.
func TestHTTPStageMessages(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	for _, tc := range []struct {
		scenario string
		id       report.ID
		status   report.Status
		excerpt  string
		code     int // 0: no summary
	}{
		{"http_ok", report.HTTPKeepaliveShorter, report.Pass, "longer than origin_keepalive_timeout (2s): CloudFront closes it first", 200},
		{"http_ok", report.HTTPNoResponse, report.Pass, "HEAD https://http-ok.example.test/", 200},
		{"http_no_response", report.HTTPNoResponse, report.Fail, "closed the connection without sending a response", 0},
		{"http_malformed", report.HTTPMalformedResponse, report.Fail, `no 3-digit status code`, 0},
		{"http_alb_502", report.HTTPOrigin5xx, report.Fail, "Server: awselb/2.0 is an Elastic Load Balancer", 502},
		{"http_origin_500", report.HTTPOrigin5xx, report.Warn, "500 Internal Server Error", 500},
		{"http_slow_first_byte", report.HTTPReadTimeout, report.Fail, "no first byte of a response within origin_read_timeout (1s)", 0},
		{"http_keepalive_short", report.HTTPKeepaliveShorter, report.Warn, "before origin_keepalive_timeout (2s)", 200},
		{"http_redirect", report.HTTPOrigin5xx, report.Pass, "another host", 301},
		{"http_only_plain", report.HTTPNoResponse, report.Pass, "HEAD http://", 0},
		{"http_only_plain", report.HTTPKeepaliveShorter, report.Pass, "CloudFront closes it first", 200},
		{"http_only_503", report.HTTPOrigin5xx, report.Fail, "API Gateway", 503},
		{"healthy", report.HTTPNoResponse, report.Skip, "http_request not set: no request is sent unless asked", 0},
	} {
		t.Run(tc.scenario+"/"+string(tc.id), func(t *testing.T) {
			t.Parallel()
			res := e.Check(context.Background(), l.Scenario(tc.scenario).Spec(), nil)
			got := find(t, res.Report, tc.id)
			t.Logf("%s %s: %s", got.ID, got.Status, got.Message)
			excerpt := tc.excerpt
			if got.Status != tc.status || !strings.Contains(got.Message, excerpt) {
				t.Errorf("%s: %s %q, want %s containing %q", tc.id, got.Status, got.Message, tc.status, excerpt)
			}
			switch {
			case tc.code == 0 && tc.status != report.Pass && res.HTTP != nil:
				t.Errorf("http summary %+v, want none", res.HTTP)
			case tc.code != 0 && (res.HTTP == nil || res.HTTP.StatusCode != tc.code):
				t.Errorf("http summary %+v, want status %d", res.HTTP, tc.code)
			}
			if res.Incomplete != "" {
				t.Errorf("incomplete: %s", res.Incomplete)
			}
		})
	}
}

// TestHTTPRequestReusesVerifiedConnection: on a fresh engine the request
// goes on the crypto/tls connection the TLS stage completed: no connect
// more than without http_request, one exchange more.
func TestHTTPRequestReusesVerifiedConnection(t *testing.T) {
	fixture.RequireRoot(t)
	l, err := lab.Start()
	if err != nil {
		t.Fatalf("fixture lab: %v", err)
	}
	t.Cleanup(l.Close)
	run := func(s lab.Scenario) Result {
		return labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 5 * time.Second}).Check(context.Background(), s.Spec(), nil)
	}
	s := l.Scenario("healthy")
	without := run(s)
	s.HTTPRequest = &originspec.HTTPRequest{}
	with := run(s)
	if got := find(t, with.Report, report.HTTPNoResponse); got.Status != report.Pass || !strings.Contains(got.Message, "on the connection the TLS stage verified") {
		t.Errorf("http.no_response: %s %q, want a pass on the TLS stage's connection", got.Status, got.Message)
	}
	if with.Traffic.Connects != without.Traffic.Connects || with.Traffic.Flights != without.Traffic.Flights+1 {
		t.Errorf("with http_request %+v, without %+v: want the same connects and one flight more", with.Traffic, without.Traffic)
	}
	t.Logf("without http_request: %+v; with: %+v", without.Traffic, with.Traffic)
}

// TestHTTPStageWithinDeadline: an origin_read_timeout longer than the
// check's deadline is not judged (the check is incomplete, not failed),
// and a keep-alive measure that cannot fit is skipped saying why.
func TestHTTPStageWithinDeadline(t *testing.T) {
	fixture.RequireRoot(t)
	l, err := lab.Start()
	if err != nil {
		t.Fatalf("fixture lab: %v", err)
	}
	t.Cleanup(l.Close)
	e := labEngine(t, l.CAPEM, l.RootServers, Options{Timeout: 2 * time.Second})

	slow := l.Scenario("http_slow_first_byte")
	slow.HTTPRequest = &originspec.HTTPRequest{ReadTimeout: 30}
	start := time.Now()
	res := e.Check(context.Background(), slow.Spec(), nil)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s with a 2 s timeout", took)
	}
	got := find(t, res.Report, report.HTTPReadTimeout)
	if got.Status != report.Skip || !strings.Contains(got.Message, "when the check's deadline came (origin_read_timeout is 30s") || res.Incomplete == "" || res.Report.Healthy {
		t.Errorf("http.read_timeout %s %q, incomplete %q, healthy %v: want not judged and the check incomplete", got.Status, got.Message, res.Incomplete, res.Report.Healthy)
	}

	// Without a provider timeout the same origin, 3 s to its first byte
	// under origin_read_timeout = 5, is judged, and healthy.
	unbounded := labEngine(t, l.CAPEM, l.RootServers, Options{})
	slow.HTTPRequest = &originspec.HTTPRequest{ReadTimeout: 5}
	res = unbounded.Check(context.Background(), slow.Spec(), nil)
	if got := find(t, res.Report, report.HTTPReadTimeout); got.Status != report.Pass || res.Incomplete != "" || !res.Report.Healthy {
		t.Errorf("no provider timeout: http.read_timeout %s %q, incomplete %q, healthy %v: want judged and healthy", got.Status, got.Message, res.Incomplete, res.Report.Healthy)
	}

	ok := l.Scenario("http_ok")
	ok.HTTPRequest = &originspec.HTTPRequest{KeepaliveTimeout: 5, MeasureKeepalive: true}
	res = e.Check(context.Background(), ok.Spec(), nil)
	got = find(t, res.Report, report.HTTPKeepaliveShorter)
	if got.Status != report.Skip || !strings.Contains(got.Message, "not measured") || !strings.Contains(got.Message, "raise the provider timeout") || !res.Report.Healthy {
		t.Errorf("http.keepalive_shorter %s %q (healthy %v): want skipped for want of time", got.Status, got.Message, res.Report.Healthy)
	}
}
