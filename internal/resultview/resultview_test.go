package resultview

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/httpcheck"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// result is an origin whose certificate expired, whose first byte came
// after a measured time, whose mTLS check did not run, and whose name
// mismatch skip_checks hid.
func result() engine.Result {
	b := report.NewBuilder()
	b.Fail(report.TLSExpired, "192.0.2.1:443", "leaf expired 3 days ago")
	b.Fail(report.TLSNameMismatch, "192.0.2.1:443", "no name covers o.example.com")
	b.Pass(report.HTTPReadTimeout, "192.0.2.1:443", "first byte "+report.TimingOr("after 23ms", "within")+" (origin_read_timeout 30s)")
	b.Fail(report.TCPHTTPSPortClosed, "192.0.2.2:443", "no answer"+report.Timing(" within 2.01s")+", when the check's deadline came")
	skip := map[report.ID]bool{report.TLSNameMismatch: true}
	return engine.Result{Report: b.Build("o.example.com", skip), HTTP: &httpcheck.Summary{StatusCode: 200, TimeToFirstByte: 23 * time.Millisecond}}
}

func str(s string) *string { return &s }

// TestChecksByDetail: checks is keyed by id; a warning or failure (or one
// skip_checks hid) keeps every field, a pass or a check that did not run
// its category and status only unless the detail is full, and measured
// times appear only in full.
func TestChecksByDetail(t *testing.T) {
	spec := originspec.Spec{DomainName: "o.example.com", HTTPRequest: &originspec.HTTPRequest{Path: "/"}}
	expired, _ := report.Lookup(report.TLSExpired)
	readTimeout, _ := report.Lookup(report.HTTPReadTimeout)
	mismatch, _ := report.Lookup(report.TLSNameMismatch)
	tests := []struct {
		detail Detail
		want   map[report.ID]Check
		ttfb   *int64
	}{
		{DetailProblems, map[report.ID]Check{
			report.TLSExpired:         {Category: "tls", Status: "fail", Message: str("192.0.2.1:443: leaf expired 3 days ago. " + expired.Consequence), Remediation: str(expired.Remediation)},
			report.HTTPReadTimeout:    {Category: "http", Status: "pass"},
			report.TLSChainOrder:      {Category: "tls", Status: "skip"},
			report.TLSNameMismatch:    {Category: "tls", Status: "skip", Message: str("skipped by skip_checks (would have been fail: 192.0.2.1:443: no name covers o.example.com. " + mismatch.Consequence + ")"), Remediation: str(mismatch.Remediation)},
			report.TCPHTTPSPortClosed: {Category: "tcp", Status: "fail", Message: str("192.0.2.2:443: no answer, when the check's deadline came. " + tcpConsequence()), Remediation: str(tcpRemediation())},
		}, nil},
		{DetailFull, map[report.ID]Check{
			report.HTTPReadTimeout:    {Category: "http", Status: "pass", Message: str(readTimeout.Title + ": ok (192.0.2.1:443: first byte after 23ms (origin_read_timeout 30s))")},
			report.TLSChainOrder:      {Category: "tls", Status: "skip", Message: str("not run: not applicable to this origin"), Remediation: str("")},
			report.TCPHTTPSPortClosed: {Category: "tcp", Status: "fail", Message: str("192.0.2.2:443: no answer within 2.01s, when the check's deadline came. " + tcpConsequence()), Remediation: str(tcpRemediation())},
		}, ptr(int64(23))},
	}
	for _, tt := range tests {
		t.Run(string(tt.detail), func(t *testing.T) {
			h := FromResultDetail(spec, result(), tt.detail)
			if len(h.Checks) != len(report.All()) || h.Detail != string(tt.detail) {
				t.Fatalf("%d checks, detail %q; want %d, %q", len(h.Checks), h.Detail, len(report.All()), tt.detail)
			}
			for id, want := range tt.want {
				if g, w := mustJSON(t, h.Checks[string(id)]), mustJSON(t, want); g != w {
					t.Errorf("%s = %s\nwant %s", id, g, w)
				}
			}
			if (h.HTTP.TimeToFirstByteMS == nil) != (tt.ttfb == nil) || (tt.ttfb != nil && *h.HTTP.TimeToFirstByteMS != *tt.ttfb) {
				t.Errorf("time_to_first_byte_ms = %v, want %v", h.HTTP.TimeToFirstByteMS, tt.ttfb)
			}
			if strings.Contains(h.Summary, "2.01s") || !strings.Contains(h.Summary, "FAIL tls.expired") || !strings.Contains(h.Summary, "FAIL tcp.https_port_closed") {
				t.Errorf("summary %q: want every finding, no measured time", h.Summary)
			}
		})
	}
	if got := FromResult(spec, result()); got.Detail != string(DetailFull) {
		t.Errorf("FromResult's detail = %q, want full", got.Detail)
	}
}

func tcpConsequence() string { d, _ := report.Lookup(report.TCPHTTPSPortClosed); return d.Consequence }
func tcpRemediation() string { d, _ := report.Lookup(report.TCPHTTPSPortClosed); return d.Remediation }

func ptr[T any](v T) *T { return &v }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
