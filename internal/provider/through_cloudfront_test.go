package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// edgeSecret is a header value sent through CloudFront: it must show
// nowhere but in the arguments as written.
const edgeSecret = "edge-secret-4d1f"

// edgeDistribution is an origin_distribution of the lab's origins with
// the lab distribution's cache behaviours (lab.EdgeRoutes) and a
// through_cloudfront block for domain with requests (HCL list entries).
func edgeDistribution(t *testing.T, domain, onFailure, requests string) string {
	t.Helper()
	ids := map[string]string{"locked_filtered": "locked", "expired": "broken", "http_alb_502": "alb", "healthy": "web"}
	var b strings.Builder
	fmt.Fprintf(&b, "data \"origin_distribution\" \"d\" {\n  on_failure = %q\n  detail     = \"full\"\n", onFailure)
	for _, name := range []string{"locked_filtered", "expired", "http_alb_502", "healthy"} {
		s := testLab.Scenario(name)
		fmt.Fprintf(&b, "  origin {\n    origin_id   = %q\n    domain_name = %q\n", ids[name], s.DomainName)
		if s.ReachableFrom != "" {
			fmt.Fprintf(&b, "    reachable_from     = %q\n    connection_timeout = %d\n", s.ReachableFrom, s.ConnectionTimeout)
		}
		b.WriteString("    custom_origin_config {\n      http_port              = 80\n      https_port             = 443\n      origin_protocol_policy = \"https-only\"\n      origin_ssl_protocols   = [\"TLSv1.2\"]\n    }\n  }\n")
	}
	for _, r := range lab.EdgeRoutes {
		if r.PathPattern == "" {
			fmt.Fprintf(&b, "  default_cache_behavior {\n    target_origin_id = %q\n  }\n", ids[r.Scenario])
		} else {
			fmt.Fprintf(&b, "  ordered_cache_behavior {\n    path_pattern     = %q\n    target_origin_id = %q\n  }\n", r.PathPattern, ids[r.Scenario])
		}
	}
	fmt.Fprintf(&b, "  through_cloudfront {\n    domain_name = %q\n    requests = [\n%s    ]\n  }\n}\n", domain, requests)
	return labProviderConfig(t) + b.String()
}

// TestAccThroughCloudFront plans requests through the lab's edge (a
// simulated CloudFront edge): first an origin_id the behaviours
// contradict (first, so that the post-test destroy has a valid
// configuration), then one outcome per origin: a locked origin
// verified through it, a broken origin's edge 502 joined with its direct
// cause, an origin's own 502 passed on, a cached hit; then a distribution
// whose own name does not resolve.
func TestAccThroughCloudFront(t *testing.T) {
	labProviderConfig(t) // skips without TF_ACC
	requests := fmt.Sprintf(`      { path = "/locked/health", headers = { X-Edge-Token = %q } },
      { path = "/broken/health" },
      { path = "/alb/health?sig=%s", origin_id = "alb" },
      { path = %q },
`, edgeSecret, edgeSecret, lab.EdgeWarmPath)
	const d = "data.origin_distribution.d"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      edgeDistribution(t, lab.EdgeDomain, "warn", `      { path = "/locked/health", origin_id = "web" },`+"\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Request reaches another origin.*ordered_cache_behavior "/locked/\*".*"locked"`),
			},
			{
				Config: edgeDistribution(t, lab.EdgeDomain, "warn", requests),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(d, "healthy", "false"),
					resource.TestCheckResourceAttr(d, "cloudfront.healthy", "false"),
					noSecretIn(d, edgeSecret),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					checkByID(d, report.CloudFrontOriginExercised, report.Pass).In("origins.locked").Message("verified through CloudFront"),
					checkByID(d, report.TCPHTTPSPortClosed, report.Pass).In("origins.locked").Message("verified through CloudFront: GET https://" + lab.EdgeDomain + "/locked/health answered 200"),
					checkByID(d, report.CloudFrontEdgeError, report.Fail).In("origins.broken").
						MessageMatches(`CloudFront answers 502 Bad Gateway itself .*POP LAB50-C1, request id \S+\).*"CloudFront wasn't able to connect to the origin.*; from here: tls\.expired failed`),
					checkByID(d, report.CloudFrontOriginError, report.Fail).In("origins.alb").
						MessageMatches(`/alb/health\?….*502 Bad Gateway: not CloudFront's error page; the origin's own answer, passed on \(X-Cache: Error from cloudfront.*Server: awselb/2\.0`),
					checkByID(d, report.CloudFrontOriginExercised, report.Skip).In("origins.web").Message("Hit from cloudfront"),
					checkByID(d, report.CloudFrontDistributionUnreachable, report.Pass).In("cloudfront"),
					checkByID(d, report.CloudFrontEdgeError, report.Fail).In("cloudfront"),
				},
			},
			{
				Config: edgeDistribution(t, "nxdomain-edge."+lab.Zone, "warn", `      { path = "/" },`+"\n"),
				Check:  resource.TestCheckResourceAttr(d, "cloudfront.healthy", "false"),
				ConfigStateChecks: []statecheck.StateCheck{
					checkByID(d, report.CloudFrontDistributionUnreachable, report.Fail).In("cloudfront").Message("does not resolve (dns.nxdomain)").WithRemediation(),
					checkByID(d, report.CloudFrontEdgeError, report.Skip).In("cloudfront"),
				},
			},
		},
	})
}

// noSecretIn fails when a computed attribute of address holds secret
// (the arguments, as written, may).
func noSecretIn(address, secret string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for k, v := range s.RootModule().Resources[address].Primary.Attributes {
			if !strings.HasPrefix(k, "through_cloudfront.") && strings.Contains(v, secret) {
				return fmt.Errorf("%s.%s holds the secret", address, k)
			}
		}
		return nil
	}
}
