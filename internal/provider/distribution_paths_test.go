package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/originhealth/terraform-provider-origin/internal/engine"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestDistributionFindingPaths: every finding of a distribution's origin
// carries an attribute path in origin[i]: the argument's own when the
// finding names one, else the origin's domain_name (Terraform then quotes
// that line of the origin's block).
func TestDistributionFindingPaths(t *testing.T) {
	const i = 37
	origin := path.Root("origin").AtListIndex(i)
	domain := origin.AtName("domain_name")
	custom := distOriginModel{CustomOriginConfig: []customOriginConfigModel{{}}}
	s3 := distOriginModel{}
	withRequest := distOriginModel{CustomOriginConfig: []customOriginConfigModel{{}}, HTTPRequest: &HTTPRequestModel{}}
	spec := originspec.Spec{DomainName: "o.example.com", HTTPPort: 80, HTTPSPort: 81}
	cases := []struct {
		name   string
		origin distOriginModel
		id     report.ID
		want   path.Path
	}{
		{"DNS finding", custom, report.DNSNXDomain, domain},
		{"TCP finding", custom, report.TCPHTTPSPortClosed, domain},
		{"TLS finding", custom, report.TLSExpired, domain},
		{"HTTP finding", withRequest, report.HTTPOrigin5xx, domain},
		{"read timeout without http_request", s3, report.HTTPReadTimeout, origin},
		{"read timeout", withRequest, report.HTTPReadTimeout, origin.AtName("http_request")},
		{"domain_name", custom, report.ConfigDomainName, origin.AtName("domain_name")},
		{"custom origin's protocols", custom, report.ConfigUnknownProtocol, origin.AtName("custom_origin_config").AtListIndex(0).AtName("origin_ssl_protocols")},
		{"S3 origin's protocols", s3, report.ConfigUnknownProtocol, origin},
		{"port outside CloudFront's range", custom, report.ConfigPortOutOfRange, origin.AtName("custom_origin_config").AtListIndex(0).AtName("https_port")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, onFailure := range []string{onFailureError, onFailureWarn} {
				diags := findingDiagnostics(tc.origin, i, spec, tc.id, onFailure)
				if len(diags) != 1 {
					t.Fatalf("on_failure %s: %d diagnostics, want 1: %v", onFailure, len(diags), diags)
				}
				if got := diagPath(t, diags[0]); !got.Equal(tc.want) {
					t.Errorf("on_failure %s: path %s, want %s", onFailure, got, tc.want)
				}
			}
		})
	}

	// Every check of the catalog, failing or warning, on every kind of
	// origin: a path in origin[37], never none.
	kinds := map[string]distOriginModel{
		"custom": custom, "S3": s3, "with http_request": withRequest,
		"VPC": {VPCOriginConfig: []vpcOriginConfigModel{{VPCOriginID: types.StringValue("vo-1")}}},
	}
	for kind, o := range kinds {
		for _, def := range report.All() {
			for _, status := range []report.Status{report.Fail, report.Warn} {
				r := report.Report{Origin: "o.example.com", Checks: []report.Check{{ID: def.ID, Category: def.Category, Status: status, Message: "m", Remediation: "r"}}}
				diags := diagnostics(r, spec, onFailureError, findingPlace{label: "Origin o", path: o.attributePath(i)})
				if len(diags) == 0 {
					t.Errorf("%s origin, %s %s: no diagnostic", kind, def.ID, status)
				}
				for _, d := range diags {
					if p := diagPath(t, d); !hasPrefix(p, origin) {
						t.Errorf("%s origin, %s %s: path %s, not in %s", kind, def.ID, status, p, origin)
					}
				}
			}
		}
	}

	// Checks that did not finish: a warning on the origin.
	place := findingPlace{label: "Origin o", path: custom.attributePath(i)}
	diags := incomplete(engine.Result{Incomplete: "the deadline came during the tls stage"}, onFailureError, place)
	if len(diags) != 1 || !diagPath(t, diags[0]).Equal(domain) {
		t.Errorf("incomplete: %v, want one warning on %s", diags, domain)
	}
}

// TestHealthFindingPaths: origin_health's findings about no argument stay
// diagnostics of the whole data source, as before.
func TestHealthFindingPaths(t *testing.T) {
	place := findingPlace{label: "Origin o", path: func(attr string) (path.Path, bool) { return path.Root(attr), attr != "" }}
	r := report.Report{Origin: "o.example.com", Checks: []report.Check{
		{ID: report.DNSNXDomain, Status: report.Fail, Message: "m", Remediation: "r"},
		{ID: report.ConfigDomainName, Status: report.Fail, Message: "m", Remediation: "r"},
	}}
	diags := diagnostics(r, originspec.Spec{DomainName: "o.example.com"}, onFailureError, place)
	if len(diags) != 2 {
		t.Fatalf("%d diagnostics, want 2: %v", len(diags), diags)
	}
	if _, ok := diags[0].(diag.DiagnosticWithPath); ok {
		t.Errorf("dns.nxdomain has a path: %v", diags[0])
	}
	if p := diagPath(t, diags[1]); !p.Equal(path.Root("domain_name")) {
		t.Errorf("config.domain_name on %s, want domain_name", p)
	}
}

// findingDiagnostics is the diagnostics of one failed check id of origin
// #i of a distribution.
func findingDiagnostics(o distOriginModel, i int, spec originspec.Spec, id report.ID, onFailure string) diag.Diagnostics {
	def, _ := report.Lookup(id)
	r := report.Report{Origin: "o.example.com", Checks: []report.Check{{ID: id, Category: def.Category, Status: report.Fail, Message: "m", Remediation: "r"}}}
	return diagnostics(r, spec, onFailure, findingPlace{label: "Origin o", path: o.attributePath(i)})
}

func diagPath(t *testing.T, d diag.Diagnostic) path.Path {
	t.Helper()
	wp, ok := d.(diag.DiagnosticWithPath)
	if !ok {
		t.Errorf("diagnostic without an attribute path: %s: %s", d.Summary(), d.Detail())
		return path.Empty()
	}
	return wp.Path()
}

func hasPrefix(p, prefix path.Path) bool {
	steps, pre := p.Steps(), prefix.Steps()
	if len(steps) < len(pre) {
		return false
	}
	for j := range pre {
		if !steps[j].Equal(pre[j]) {
			return false
		}
	}
	return true
}
