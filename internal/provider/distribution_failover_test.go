package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccDistribution_FailoverCriteria: a primary that answers 503 fails
// over only when its group's failover_criteria lists 503, as CloudFront
// does; otherwise the group fails, naming the code viewers get and the
// fix, and the primary's finding is the distribution's.
func TestAccDistribution_FailoverCriteria(t *testing.T) {
	config := func(onFailure, codes string) string {
		return distributionConfig(t, fmt.Sprintf(`
data "origin_distribution" "d" {
  on_failure = %q
  origin {
    origin_id   = "api"
    domain_name = "{{http_only_503}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    http_request = {
      origin_read_timeout = 2
    }
  }
  origin {
    origin_id   = "standby"
    domain_name = "{{http_only_plain}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    http_request = {
      origin_read_timeout = 2
    }
  }
  origin_group {
    origin_id = "g"
    failover_criteria {
      status_codes = %s
    }
    member {
      origin_id = "api"
    }
    member {
      origin_id = "standby"
    }
  }
}
`, onFailure, codes))
	}
	const ds = "data.origin_distribution.d"
	notListed := `the primary api answers 503 (http.origin_5xx), which failover_criteria.status_codes [500, 502] does not list, ` +
		`so CloudFront does not try the secondary standby and viewers get 503; add 503 to the origin group's failover_criteria.status_codes`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("error", "[500, 502]"), PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(regexp.QuoteMeta("Origin group g: fail")) + `(?s).*` + wrapped(regexp.QuoteMeta(notListed)))},
			{Config: config("warn", "[500, 502]"), Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(ds, "healthy", "false"),
				resource.TestCheckResourceAttr(ds, "origin_groups.g.status", "fail"),
				resource.TestCheckResourceAttr(ds, "origin_groups.g.summary", notListed+
					` (CloudFront allows [400, 403, 404, 416, 500, 502, 503, 504]), or fix the primary (see origins["api"].summary)`),
				resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`^distribution is UNHEALTHY.*\n(?s).*FAIL origin_group g: the primary api answers 503`)),
			), ConfigStateChecks: []statecheck.StateCheck{
				checkByID(ds, report.HTTPOrigin5xx, report.Fail).In("origins.api").Message("503"),
			}},
			{Config: config("warn", "[500, 502, 503]"), Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckResourceAttr(ds, "origin_groups.g.status", "warn"),
				resource.TestMatchResourceAttr(ds, "origin_groups.g.summary", regexp.MustCompile(
					`^the primary api answers 503 \(http.origin_5xx\), which failover_criteria lists, so CloudFront serves from the secondary standby; every request first gets 503 from the primary`)),
				resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`^distribution is healthy .*1 failing but covered by failover`)),
			), ConfigStateChecks: []statecheck.StateCheck{
				checkByID(ds, report.HTTPOrigin5xx, report.Fail).In("origins.api").Message("503"),
				checkByID(ds, report.HTTPOrigin5xx, report.Pass).In("origins.standby"),
			}},
		},
	})
}
