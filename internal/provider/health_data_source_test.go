package provider

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

func healthConfig(t *testing.T, s lab.Scenario, onFailure string) string {
	args := s.Arguments()
	if onFailure != "" {
		args["on_failure"] = onFailure
	}
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(args)) {
		if args[name] != nil {
			lines = append(lines, fmt.Sprintf("%s = %s", name, hclValue(args[name])))
		}
	}
	return labProviderConfig(t) + fmt.Sprintf("data \"origin_health\" \"test\" {\n  %s\n}\n", strings.Join(lines, "\n  "))
}

// hclValue writes a scenario argument (string, int, []string, nested
// object, nil) as an HCL expression.
func hclValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		quoted := make([]string, len(v))
		for i, s := range v {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	case map[string]any:
		var fields []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			fields = append(fields, k+" = "+hclValue(v[k]))
		}
		return "{ " + strings.Join(fields, ", ") + " }"
	default:
		return fmt.Sprint(v)
	}
}

// TestAccHealth_LabScenarios plans every lab origin through real terraform:
// a healthy origin passes, a broken one fails the plan naming its check,
// and with on_failure = "warn" the same origin plans with healthy = false.
func TestAccHealth_LabScenarios(t *testing.T) {
	requireAcceptance(t)
	for _, s := range testLab.Scenarios {
		t.Run(s.Name, func(t *testing.T) {
			var steps []resource.TestStep
			if s.Healthy() {
				checks := []resource.TestCheckFunc{
					resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "true"),
					resource.TestCheckResourceAttr("data.origin_health.test", "id", s.DomainName),
					resource.TestCheckResourceAttrSet("data.origin_health.test", "addresses.0"),
				}
				var state []statecheck.StateCheck
				for _, id := range s.Warns {
					state = append(state, checkByID("data.origin_health.test", id, report.Warn))
				}
				steps = append(steps, resource.TestStep{Config: healthConfig(t, s, ""), Check: resource.ComposeAggregateTestCheckFunc(checks...), ConfigStateChecks: state})
			} else {
				for _, id := range s.Fails {
					steps = append(steps, resource.TestStep{
						Config:      healthConfig(t, s, ""),
						ExpectError: regexp.MustCompile(regexp.QuoteMeta("check " + string(id) + " failed")),
					})
				}
				checks := []resource.TestCheckFunc{
					resource.TestCheckResourceAttr("data.origin_health.test", "healthy", "false"),
					resource.TestMatchResourceAttr("data.origin_health.test", "summary", regexp.MustCompile(`^origin \S+ is UNHEALTHY`)),
				}
				var state []statecheck.StateCheck
				for _, id := range s.Fails {
					state = append(state, checkByID("data.origin_health.test", id, report.Fail).WithRemediation())
				}
				steps = append(steps, resource.TestStep{Config: healthConfig(t, s, "warn"), Check: resource.ComposeAggregateTestCheckFunc(checks...), ConfigStateChecks: state})
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
		})
	}
}

// TestAccHealth_TLSAttributes checks the computed tls object of a healthy origin.
func TestAccHealth_TLSAttributes(t *testing.T) {
	requireAcceptance(t)
	s := testLab.Scenario("healthy")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: healthConfig(t, s, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.origin_health.test", "tls.version", "TLSv1.2"),
				resource.TestCheckResourceAttrSet("data.origin_health.test", "tls.cipher_suite"),
				resource.TestCheckResourceAttr("data.origin_health.test", "tls.certificate.sans.0", s.DomainName),
				resource.TestCheckResourceAttr("data.origin_health.test", "tls.certificate.chain_length", "2"),
				resource.TestCheckResourceAttr("data.origin_health.test", "origin_protocol_policy", "https-only"),
				resource.TestCheckResourceAttr("data.origin_health.test", "https_port", "443"),
				resource.TestCheckResourceAttr("data.origin_health.test", "origin_ssl_protocols.0", "TLSv1.2"),
				resource.TestCheckResourceAttr("data.origin_health.test", "on_failure", "error"),
			),
		}},
	})
}

// TestAccHealth_OnFailureIgnoreAndSkip: ignore sets attributes without any
// diagnostic, and skip_checks reports the skipped check as skip.
func TestAccHealth_OnFailureIgnoreAndSkip(t *testing.T) {
	requireAcceptance(t)
	s := testLab.Scenario("expired")
	cfg := labProviderConfig(t) + fmt.Sprintf(`
data "origin_health" "ignored" {
  domain_name = %q
  on_failure  = "ignore"
}
data "origin_health" "skipped" {
  domain_name = %q
  skip_checks = ["tls.expired"]
}
`, s.DomainName, s.DomainName)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.origin_health.ignored", "healthy", "false"),
				resource.TestCheckResourceAttr("data.origin_health.skipped", "healthy", "true"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				checkByID("data.origin_health.skipped", report.TLSExpired, report.Skip).Message("skipped by skip_checks"),
			},
		}},
	})
}

// TestAccHealth_BadArguments: bad values are diagnostics on the attribute,
// reported before any network check.
func TestAccHealth_BadArguments(t *testing.T) {
	cases := []struct {
		name, config string
		want         string
	}{
		{"ip literal", `data "origin_health" "t" { domain_name = "192.0.2.10" }`, `check config\.ip_literal failed`},
		{"url instead of a host name", `data "origin_health" "t" { domain_name = "https://origin.example.test/" }`, `check config\.domain_name failed`},
		{"S3 website endpoint over HTTPS", `data "origin_health" "t" { domain_name = "site.s3-website-us-east-1.amazonaws.com" }`, `check config\.s3_website_https failed`},
		{"port outside CloudFront range", `data "origin_health" "t" {
  domain_name = "healthy.example.test"
  https_port  = 8
}`, `check config\.port_out_of_range failed`},
		{"TLS 1.3 is not offered to origins", `data "origin_health" "t" {
  domain_name          = "healthy.example.test"
  origin_ssl_protocols = ["TLSv1.3"]
}`, wrapped(`"TLSv1\.3" is not a protocol CloudFront offers to origins`)},
		{"no protocol", `data "origin_health" "t" {
  domain_name          = "healthy.example.test"
  origin_ssl_protocols = []
}`, `check config\.unknown_protocol failed`},
		{"unknown policy", `data "origin_health" "t" {
  domain_name            = "healthy.example.test"
  origin_protocol_policy = "https"
}`, `value must be one of`},
		{"port zero", `data "origin_health" "t" {
  domain_name = "healthy.example.test"
  http_port   = 0
}`, `must be between 1 and 65535`},
		{"unknown check id", `data "origin_health" "t" {
  domain_name = "healthy.example.test"
  skip_checks = ["tls.expird"]
}`, `"tls.expird" is not a check id`},
		{"bad timeout", `provider "origin" { timeout = "10" }
data "origin_health" "t" { domain_name = "healthy.example.test" }`, `is not a duration`},
		{"bad root server", `provider "origin" { dns_root_servers = ["a.root-servers.net"] }
data "origin_health" "t" { domain_name = "healthy.example.test" }`, `is not an IP address`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireAcceptance(t)
			cfg := tc.config
			if !strings.HasPrefix(cfg, "provider") {
				cfg = labProviderConfig(t) + cfg
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}
