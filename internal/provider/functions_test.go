package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/pki"
)

// Provider functions need Terraform 1.8 (OpenTofu 1.7).
var functionsSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

func TestAccFunctionConfigProblems(t *testing.T) {
	problemsStartingWith := func(ids ...string) knownvalue.Check {
		var elems []knownvalue.Check
		for _, id := range ids {
			elems = append(elems, knownvalue.StringRegexp(regexp.MustCompile("^"+regexp.QuoteMeta(id)+": .* Fix: ")))
		}
		return knownvalue.ListExact(elems)
	}
	cases := []struct {
		name, origin string
		want         knownvalue.Check
	}{
		{"healthy custom origin", `{
  domain_name = "origin.example.com"
  origin_id   = "web"
  custom_origin_config = [{ http_port = 80, https_port = 443, origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }]
}`, knownvalue.ListExact(nil)},
		{"null custom_origin_config uses CloudFront defaults", `{ domain_name = "bucket.s3.us-east-1.amazonaws.com", custom_origin_config = null }`, knownvalue.ListExact(nil)},
		{"custom_origin_config as a plain object", `{
  domain_name          = "origin.example.com"
  custom_origin_config = { http_port = 81, https_port = 443, origin_protocol_policy = "match-viewer", origin_ssl_protocols = ["TLSv1.2"] }
}`, problemsStartingWith("config.port_out_of_range")},
		{"ip literal and TLS 1.3", `{
  domain_name          = "203.0.113.10"
  custom_origin_config = [{ http_port = 80, https_port = 443, origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.3"] }]
}`, problemsStartingWith("config.ip_literal", "config.unknown_protocol")},
		{"Host custom header", `{
  domain_name   = "origin.example.com"
  custom_header = [{ name = "Host", value = "www.example.com" }]
}`, problemsStartingWith("config.custom_header")},
		{"denied header prefix in any case, allowed header passes", `{
  domain_name   = "origin.example.com"
  custom_header = [{ name = "x-amz-date", value = "1" }, { name = "X-Origin-Verify", value = "secret" }]
}`, problemsStartingWith("config.custom_header")},
		{"S3 website endpoint over HTTPS", `{
  domain_name          = "b.s3-website-us-east-1.amazonaws.com"
  custom_origin_config = [{ http_port = 80, https_port = 443, origin_protocol_policy = "match-viewer", origin_ssl_protocols = ["TLSv1.2"] }]
}`, problemsStartingWith("config.s3_website_https")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   functionsSupported,
				Steps: []resource.TestStep{{
					Config:            fmt.Sprintf("output \"problems\" {\n  value = provider::origin::config_problems(%s)\n}\n", tc.origin),
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("problems", tc.want)},
				}},
			})
		})
	}
}

// Values known only after apply give an unknown result at plan, never a
// false alarm, except custom header values: only names are judged.
func TestAccFunctionConfigProblems_UnknownInput(t *testing.T) {
	cases := []struct {
		name, origin string
		atPlan       plancheck.PlanCheck
		atApply      knownvalue.Check
	}{
		{"unknown domain_name", `{ domain_name = terraform_data.later.output }`,
			plancheck.ExpectUnknownOutputValue("problems"), knownvalue.ListExact(nil)},
		{"unknown custom header name", `{
  domain_name   = "origin.example.com"
  custom_header = [{ name = terraform_data.later.output, value = "v" }]
}`, plancheck.ExpectUnknownOutputValue("problems"), knownvalue.ListSizeExact(1)},
		{"unknown custom header value is not needed", `{
  domain_name   = "origin.example.com"
  custom_header = [{ name = "Host", value = terraform_data.later.output }]
}`, plancheck.ExpectKnownOutputValue("problems", knownvalue.ListSizeExact(1)), knownvalue.ListSizeExact(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   functionsSupported,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
resource "terraform_data" "later" {
  input = "host"
}
output "problems" {
  value = provider::origin::config_problems(%s)
}
`, tc.origin),
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tc.atPlan}},
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("problems", tc.atApply)},
				}},
			})
		})
	}
}

func TestAccFunctionConfigProblems_BadArgument(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config:      `output "p" { value = provider::origin::config_problems({ origin_id = "web" }) }`,
			ExpectError: regexp.MustCompile(`origin has no domain_name`),
		}},
	})
}

func TestAccFunctionCertificateCovers(t *testing.T) {
	leaf, err := pki.SelfSigned("origin.example.com", "*.static.example.com")
	if err != nil {
		t.Fatal(err)
	}
	pemText := strings.TrimSpace(leaf.PEM())
	ipLeaf, err := pki.Issue(pki.Template{DNSNames: []string{"my_app.example.com"}, IPs: []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ipPEM := strings.TrimSpace(ipLeaf.PEM())
	cases := []struct {
		args string
		want bool
	}{
		{`["ab--cd.example.com"], "ab--cd.example.com"`, true},
		{`["*.example.com"], "my_app.example.com"`, true},
		{`["192.0.2.10"], "192.0.2.10"`, true},
		{`["2001:db8::1"], "2001:DB8::1"`, true},
		{`["*.example.com"], "192.0.2.10"`, false},
		{`local.ip_pem, "192.0.2.10"`, true},
		{`local.ip_pem, "2001:DB8::1"`, true},
		{`local.ip_pem, "192.0.2.11"`, false},
		{`local.ip_pem, "my_app.example.com"`, true},
		{`["*.example.com"], "www.example.com"`, true},
		{`["*.example.com"], "a.b.example.com"`, false},
		{`["w*.example.com"], "www.example.com"`, false},
		{`["Origin.Example.com"], "origin.example.com."`, true},
		{`local.pem, "origin.example.com"`, true},
		{`local.pem, "img.static.example.com"`, true},
		{`local.pem, "www.example.com"`, false},
	}
	var outputs strings.Builder
	var checks []statecheck.StateCheck
	for i, tc := range cases {
		fmt.Fprintf(&outputs, "output \"c%d\" { value = provider::origin::certificate_covers(%s) }\n", i, tc.args)
		checks = append(checks, statecheck.ExpectKnownOutputValue(fmt.Sprintf("c%d", i), knownvalue.Bool(tc.want)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config:            fmt.Sprintf("locals {\n  pem = <<-EOT\n%s\n  EOT\n  ip_pem = <<-EOT\n%s\n  EOT\n}\n%s", pemText, ipPEM, outputs.String()),
			ConfigStateChecks: checks,
		}, {
			Config:      `output "x" { value = provider::origin::certificate_covers("not a certificate", "a.example.com") }`,
			ExpectError: regexp.MustCompile(`not PEM`),
		}},
	})
}

func TestAccFunctionDaysUntilExpiry(t *testing.T) {
	notAfter := time.Date(2030, 1, 31, 12, 0, 0, 0, time.UTC)
	cert, err := pki.Issue(pki.Template{CommonName: "o.example.com", DNSNames: []string{"o.example.com"}, NotBefore: notAfter.Add(-90 * 24 * time.Hour), NotAfter: notAfter}, nil)
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
locals {
  pem = <<-EOT
%s
  EOT
}
output "left"    { value = provider::origin::days_until_expiry(local.pem, "2030-01-01T12:00:00Z") }
output "expired" { value = provider::origin::days_until_expiry(local.pem, "2030-02-02T12:00:00Z") }
`, strings.TrimSpace(cert.PEM())),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("left", knownvalue.Int64Exact(30)),
				statecheck.ExpectKnownOutputValue("expired", knownvalue.Int64Exact(-2)),
			},
		}, {
			Config:      `output "x" { value = provider::origin::days_until_expiry("", "yesterday") }`,
			ExpectError: regexp.MustCompile(`not PEM`),
		}},
	})
}
