package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccDistribution_ArgumentValidation: every bad argument of an
// origin block fails the plan with a diagnostic on that argument
// (terraform quotes its line), with the ranges origin_health and
// http_request use.
func TestAccDistribution_ArgumentValidation(t *testing.T) {
	cases := []struct {
		name, custom, top string
		want              *regexp.Regexp
	}{
		{name: "unknown protocol", custom: `origin_ssl_protocols = ["TLSv1.2", "TLSv1.3"]`,
			want: both(wrapped(`"TLSv1\.3" is not a protocol CloudFront offers to origins; origin_ssl_protocols takes "SSLv3", "TLSv1", "TLSv1\.1" or "TLSv1\.2"`),
				`origin_ssl_protocols = \["TLSv1\.2", "TLSv1\.3"\]`)},
		{name: "protocol in lower case", custom: `origin_ssl_protocols = ["tlsv1.2"]`, want: both(wrapped(`"tlsv1\.2" is not a protocol`), `origin_ssl_protocols = \["tlsv1\.2"\]`)},
		{name: "read timeout 0", custom: `origin_read_timeout = 0`, want: both(wrapped(`must be between 1 and 120`), `origin_read_timeout = 0`)},
		{name: "read timeout 121", custom: `origin_read_timeout = 121`, want: both(wrapped(`must be between 1 and 120`), `origin_read_timeout = 121`)},
		{name: "keep-alive timeout 0", custom: `origin_keepalive_timeout = 0`, want: both(wrapped(`must be between 1 and 120`), `origin_keepalive_timeout = 0`)},
		{name: "keep-alive timeout 121", custom: `origin_keepalive_timeout = 121`, want: both(wrapped(`must be between 1 and 120`), `origin_keepalive_timeout = 121`)},
		{name: "bad on_failure", top: `on_failure = "fail"`, want: both(`value must be one of`, `on_failure = "fail"`)},
		{name: "expiry days negative", top: `certificate_expiry_warning_days = -1`, want: both(wrapped(`must be between 0 and 3650`), `certificate_expiry_warning_days = -1`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := distributionConfig(t, fmt.Sprintf(`data "origin_distribution" "d" {
  %s
  origin {
    origin_id   = "web"
    domain_name = "{{healthy}}"
    custom_origin_config {
      origin_protocol_policy = "https-only"
      %s
    }
  }
}
`, tc.top, tc.custom))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
}

// TestAccDistribution_DefaultsAndFindingPlace: on_failure and
// certificate_expiry_warning_days read back with their defaults, as in
// origin_health; a DNS finding of the second origin is a diagnostic on
// that origin's block, and the origin's timeouts within range pass.
func TestAccDistribution_DefaultsAndFindingPlace(t *testing.T) {
	origin := func(id, scenario string) string {
		return fmt.Sprintf(`
  origin {
    origin_id   = %q
    domain_name = "{{%s}}"
    custom_origin_config {
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 120
      origin_keepalive_timeout = 1
    }
  }`, id, scenario)
	}
	healthy := distributionConfig(t, `data "origin_distribution" "d" {`+origin("web", "healthy")+"\n}\n")
	missing := distributionConfig(t, `data "origin_distribution" "d" {`+origin("web", "healthy")+origin("gone", "nxdomain")+"\n}\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			// The origin's own domain_name line, not the data source's
			// first: the diagnostic has the path origin[1].domain_name.
			{Config: missing, PlanOnly: true, ExpectError: both(wrapped(`Origin gone \([^)]*\): check dns\.nxdomain failed`), `\d+:\s+domain_name\s+=\s+"missing\.`)},
			{
				Config: healthy,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.origin_distribution.d", "healthy", "true"),
					resource.TestCheckResourceAttr("data.origin_distribution.d", "on_failure", onFailureError),
					resource.TestCheckResourceAttr("data.origin_distribution.d", "certificate_expiry_warning_days", fmt.Sprint(originspec.DefaultExpiryWarningDays)),
				),
				ConfigStateChecks: []statecheck.StateCheck{checkByID("data.origin_distribution.d", report.ConfigUnknownProtocol, report.Pass).In("origins.web")},
			},
		},
	})
}

// TestSSLProtocolValidator: origin_ssl_protocols takes exactly
// originspec.Protocols, as config.unknown_protocol does, and the error is
// on the element.
func TestSSLProtocolValidator(t *testing.T) {
	ctx := context.Background()
	where := path.Root("origin_ssl_protocols").AtListIndex(1)
	for _, value := range slices.Concat(originspec.Protocols, []string{"TLSv1.3", "tlsv1.2", "TLSv1.2 ", "", "TLS1.2"}) {
		var resp validator.StringResponse
		sslProtocolValidator.ValidateString(ctx, validator.StringRequest{Path: where, ConfigValue: types.StringValue(value)}, &resp)
		valid := slices.Contains(originspec.Protocols, value)
		if got := !resp.Diagnostics.HasError(); got != valid {
			t.Errorf("%q: valid %v, want %v (%v)", value, got, valid, resp.Diagnostics)
			continue
		}
		if valid {
			continue
		}
		d := resp.Diagnostics[0]
		if wp, ok := d.(interface{ Path() path.Path }); !ok || !wp.Path().Equal(where) {
			t.Errorf("%q: diagnostic not on %s: %v", value, where, d)
		}
		for _, allowed := range originspec.Protocols {
			if !regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("%q", allowed))).MatchString(d.Detail()) {
				t.Errorf("%q: detail does not name %s: %s", value, allowed, d.Detail())
			}
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		var resp validator.StringResponse
		sslProtocolValidator.ValidateString(ctx, validator.StringRequest{Path: where, ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}
