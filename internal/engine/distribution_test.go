package engine

import (
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestJudgeGroup: origin groups as CloudFront fails over.
func TestJudgeGroup(t *testing.T) {
	result := func(status report.Status, id report.ID) Result {
		def, _ := report.Lookup(id)
		return Result{Report: report.Report{Healthy: status != report.Fail, Checks: []report.Check{{ID: id, Category: def.Category, Status: status}}}}
	}
	results := map[string]Result{
		"ok":        result(report.Pass, report.TLSExpired),
		"warns":     result(report.Warn, report.TLSExpiringSoon),
		"closed":    result(report.Fail, report.TCPHTTPSPortClosed),
		"expired":   result(report.Fail, report.TLSExpired),
		"nxdomain":  result(report.Fail, report.DNSNXDomain),
		"iphost":    result(report.Fail, report.ConfigIPLiteral),
		"otherpass": result(report.Pass, report.TLSExpired),
	}
	specs := map[string]originspec.Spec{"closed": {ConnectionAttempts: 3, ConnectionTimeout: 10}}
	groups := []OriginGroup{{ID: "nested", Members: []string{"ok", "otherpass"}}}
	for _, tc := range []struct {
		name    string
		group   OriginGroup
		status  report.Status
		excerpt string
	}{
		{"primary serves", OriginGroup{Members: []string{"ok", "expired"}, FailoverStatusCodes: []int{502}}, report.Pass, "the primary ok serves"},
		{"primary serves with a warning", OriginGroup{Members: []string{"warns", "ok"}}, report.Warn, "with warnings"},
		{"secondary serves after connect timeouts", OriginGroup{Members: []string{"closed", "ok"}}, report.Warn, "up to 3 connection attempts × connection_timeout 10s = 30s"},
		{"secondary serves after TLS failures", OriginGroup{Members: []string{"expired", "ok"}}, report.Warn, "failed TLS handshakes"},
		{"secondary serves after a DNS failure", OriginGroup{Members: []string{"nxdomain", "ok"}}, report.Warn, "failed DNS lookup"},
		{"no member serves", OriginGroup{Members: []string{"expired", "closed"}}, report.Fail, "neither member serves"},
		{"config failure is not covered", OriginGroup{Members: []string{"iphost", "ok"}}, report.Fail, "rejects the configuration of member iphost"},
		{"status code outside 4xx/5xx", OriginGroup{Members: []string{"ok", "otherpass"}, FailoverStatusCodes: []int{302, 503}}, report.Fail, "status_codes has 302"},
		{"member is a group", OriginGroup{Members: []string{"nested", "ok"}}, report.Fail, "member nested is itself an origin group"},
		{"one member", OriginGroup{Members: []string{"ok"}}, report.Fail, "has 1 members; CloudFront requires exactly two"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := judgeGroup(tc.group, results, specs, groups)
			if got.Status != tc.status || !strings.Contains(got.Summary, tc.excerpt) {
				t.Errorf("= %s %q, want %s containing %q", got.Status, got.Summary, tc.status, tc.excerpt)
			}
		})
	}
}
