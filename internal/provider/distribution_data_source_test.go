package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// distributionConfig is an origin_distribution over the lab whose origin
// blocks are written as in aws_cloudfront_distribution; names are lab
// scenario names, replaced by their domains.
func distributionConfig(t *testing.T, body string) string {
	t.Helper()
	cfg := labProviderConfig(t) + body
	for _, s := range testLab.Scenarios {
		cfg = strings.ReplaceAll(cfg, "{{"+s.Name+"}}", s.DomainName)
	}
	return cfg
}

// TestAccDistribution_KindsAndGroups plans one distribution with an origin
// of each kind and an origin group for each outcome, and reads every
// verdict by origin_id.
func TestAccDistribution_KindsAndGroups(t *testing.T) {
	cfg := distributionConfig(t, `
data "origin_distribution" "site" {
  on_failure = "warn"
  detail     = "full" # the messages of passing checks are read

  origin {
    origin_id   = "web"
    domain_name = "{{healthy}}"
    origin_path = "/v1"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 3
    }
    custom_header {
      name  = "X-Origin-Verify"
      value = "not-a-real-secret"
    }
    http_request = {
      path = "/health"
    }
  }
  origin {
    origin_id                = "assets"
    domain_name              = "{{wildcard}}"
    origin_access_control_id = "E2QWRUHAPOMQZL"
    s3_origin_config {
      origin_access_identity = ""
    }
  }
  origin {
    origin_id   = "internal"
    domain_name = "internal-alb.nowhere.test"
    vpc_origin_config {
      vpc_origin_id = "vo_0123456789abcdef"
    }
  }
  origin {
    origin_id   = "expired"
    domain_name = "{{expired}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id           = "closed"
    domain_name         = "{{port_closed}}"
    connection_attempts = 2
    connection_timeout  = 5
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin_group {
    origin_id = "primary-serves"
    failover_criteria {
      status_codes = [502, 503]
    }
    member {
      origin_id = "web"
    }
    member {
      origin_id = "expired"
    }
  }
  origin_group {
    origin_id = "secondary-serves"
    failover_criteria {
      status_codes = [502]
    }
    member {
      origin_id = "closed"
    }
    member {
      origin_id = "web"
    }
  }
  origin_group {
    origin_id = "none-serves"
    failover_criteria {
      status_codes = [500]
    }
    member {
      origin_id = "expired"
    }
    member {
      origin_id = "closed"
    }
  }
}
`)
	const ds = "data.origin_distribution.site"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr(ds, "healthy", "false"),
			resource.TestCheckResourceAttr(ds, "origins.web.healthy", "true"),
			resource.TestCheckResourceAttr(ds, "origins.web.http.status_code", "200"),
			resource.TestCheckNoResourceAttr(ds, "origins.assets.http.status_code"),
			resource.TestCheckResourceAttr(ds, "origins.assets.healthy", "true"),
			resource.TestCheckResourceAttr(ds, "origins.internal.healthy", "true"),
			resource.TestCheckResourceAttr(ds, "origins.expired.healthy", "false"),
			resource.TestCheckResourceAttr(ds, "origin_groups.primary-serves.status", "pass"),
			resource.TestCheckResourceAttr(ds, "origin_groups.secondary-serves.status", "warn"),
			resource.TestMatchResourceAttr(ds, "origin_groups.secondary-serves.summary",
				regexp.MustCompile(`primary closed fails \(tcp.https_port_closed\), so CloudFront serves from the secondary web; .*2 connection attempts × connection_timeout 5s = 10s`)),
			resource.TestCheckResourceAttr(ds, "origin_groups.none-serves.status", "fail"),
			resource.TestCheckResourceAttr(ds, "origin_groups.none-serves.healthy", "false"),
			resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`(?s)distribution is UNHEALTHY.*\[expired\] FAIL tls.expired`)),
		), ConfigStateChecks: []statecheck.StateCheck{
			checkByID(ds, report.HTTPNoResponse, report.Pass).In("origins.web").Message("/v1/health"),
			checkByID(ds, report.TLSNameMismatch, report.Pass).In("origins.assets").Message("covers"),
			checkByID(ds, report.DNSNXDomain, report.Skip).In("origins.internal").Message("VPC origin"),
			checkByID(ds, report.TLSExpired, report.Fail).In("origins.expired").Message("expired"),
			checkByID(ds, report.TCPHTTPSPortClosed, report.Fail).In("origins.closed").Message("refused"),
		}}},
	})
}

// TestAccDistribution_Gating: a distribution whose failing origin is
// covered by failover plans (with a warning naming the origin_id and the
// group), one with an uncovered failing origin fails the plan naming both
// the origin_id and the domain, and bad ids are attribute errors.
func TestAccDistribution_Gating(t *testing.T) {
	origin := func(id, scenario string) string {
		return fmt.Sprintf(`
  origin {
    origin_id   = %q
    domain_name = "{{%s}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }`, id, scenario)
	}
	group := `
  origin_group {
    origin_id = "g"
    failover_criteria {
      status_codes = [502]
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "secondary"
    }
  }`
	covered := distributionConfig(t, `data "origin_distribution" "d" {`+origin("primary", "expired")+origin("secondary", "healthy")+group+"\n}\n")
	uncovered := distributionConfig(t, `data "origin_distribution" "d" {`+origin("web", "healthy")+origin("old", "expired")+"\n}\n")
	duplicate := distributionConfig(t, `data "origin_distribution" "d" {`+origin("web", "healthy")+origin("web", "wildcard")+"\n}\n")
	unknownMember := distributionConfig(t, `data "origin_distribution" "d" {`+origin("primary", "healthy")+group+"\n}\n")
	badCodes := distributionConfig(t, `data "origin_distribution" "d" {`+origin("primary", "expired")+origin("secondary", "healthy")+
		strings.Replace(group, "[502]", "[302, 502, 501]", 1)+"\n}\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: uncovered, PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(regexp.QuoteMeta(`Origin old (expired.example.test): check tls.expired failed`)))},
			{Config: duplicate, PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(`Duplicate origin_id`))},
			{Config: unknownMember, PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(`names member "secondary", which is not the origin_id of any origin block`))},
			{Config: badCodes, PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(regexp.QuoteMeta(
				`origin_group[0].failover_criteria[0].status_codes has 302 and 501; CloudFront accepts only 400, 403, 404, 416, 500, 502, 503 and 504`)))},
			// Last, so that the post-test destroy has a valid configuration.
			{Config: covered, Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.origin_distribution.d", "healthy", "true"),
				resource.TestCheckResourceAttr("data.origin_distribution.d", "origins.primary.healthy", "false"),
				resource.TestCheckResourceAttr("data.origin_distribution.d", "origin_groups.g.status", "warn"),
			)},
		},
	})
}
