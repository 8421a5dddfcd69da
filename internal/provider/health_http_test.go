package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// labSecret is a header value that must never show in a message.
const labSecret = "lab-secret-7f3a"

// TestAccHealth_HTTPRequest plans http_request with a sensitive header and
// measure_keepalive: the lab origin closing idle connections after 1 s
// warns (the plan goes on), the healthy one passes, the http attribute
// carries the status and time to first byte, and the header's value shows
// nowhere but in http_request.
func TestAccHealth_HTTPRequest(t *testing.T) {
	cfg := labProviderConfig(t)
	short, ok := testLab.Scenario("http_keepalive_short"), testLab.Scenario("http_ok")
	data := func(name, domain, extra string) string {
		return fmt.Sprintf(`
data "origin_health" %q {
  domain_name = %q
  detail      = "full" # time_to_first_byte_ms and the passing checks' messages
  http_request = {
    headers                  = { X-Origin-Verify = %q }
    origin_read_timeout      = 1
    origin_keepalive_timeout = 2
    measure_keepalive        = true
    %s
  }
}
`, name, domain, labSecret, extra)
	}
	cfg += data("short", short.DomainName, "") + data("ok", ok.DomainName, `method = "GET"
    path   = "/index.html?v=1"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.origin_health.short", "healthy", "true"),
					resource.TestCheckResourceAttr("data.origin_health.short", "http.status_code", "200"),
					resource.TestCheckResourceAttrSet("data.origin_health.short", "http.time_to_first_byte_ms"),
					resource.TestCheckResourceAttr("data.origin_health.ok", "healthy", "true"),
					resource.TestCheckResourceAttr("data.origin_health.ok", "http.status_code", "200"),
					resource.TestCheckResourceAttr("data.origin_health.ok", "http_request.headers.X-Origin-Verify", labSecret),
					secretOnlyInRequest("data.origin_health.ok"),
					secretOnlyInRequest("data.origin_health.short"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					checkByID("data.origin_health.short", report.HTTPKeepaliveShorter, report.Warn).Message("before origin_keepalive_timeout (2s)"),
					checkByID("data.origin_health.short", report.HTTPNoResponse, report.Pass).Message("HEAD https://" + short.DomainName + "/"),
					checkByID("data.origin_health.ok", report.HTTPKeepaliveShorter, report.Pass).Message("CloudFront closes it first"),
					checkByID("data.origin_health.ok", report.HTTPNoResponse, report.Pass).Message("GET https://" + ok.DomainName + "/index.html?…"),
					checkByID("data.origin_health.ok", report.HTTPOrigin5xx, report.Pass).Message("200 OK"),
				},
			},
		},
	})
}

// secretOnlyInRequest fails when labSecret shows in any attribute but
// http_request.headers.
func secretOnlyInRequest(address string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for k, v := range s.RootModule().Resources[address].Primary.Attributes {
			if strings.Contains(v, labSecret) && !strings.HasPrefix(k, "http_request.headers.") {
				return fmt.Errorf("%s: %s shows the header value", address, k)
			}
		}
		return nil
	}
}

// TestHTTPRequestHeadersSensitive: the headers may carry a secret (an
// origin-verify header), so terraform hides them in plans.
func TestHTTPRequestHeadersSensitive(t *testing.T) {
	var resp datasource.SchemaResponse
	NewHealthDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	req, ok := resp.Schema.Attributes["http_request"].(schema.SingleNestedAttribute)
	if !ok || !req.Attributes["headers"].IsSensitive() {
		t.Fatalf("http_request.headers is not sensitive: %#v", resp.Schema.Attributes["http_request"])
	}
	if _, ok := resp.Schema.Attributes["http"].(schema.SingleNestedAttribute); !ok {
		t.Fatal("no computed http attribute")
	}
}
