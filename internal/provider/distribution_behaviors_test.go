package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestAccDistribution_CacheBehaviors: cache behaviours pasted from
// aws_cloudfront_distribution (every attribute accepted) say which origins
// get requests: an origin a behaviour targets directly gets no failover
// although it is a group member, an origin no behaviour reaches is listed
// and does not fail the plan, and a behaviour naming an unknown id is an
// attribute error.
func TestAccDistribution_CacheBehaviors(t *testing.T) {
	origins := `
  origin {
    origin_id   = "primary"
    domain_name = "{{expired}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "secondary"
    domain_name = "{{healthy}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    origin_id   = "spare"
    domain_name = "{{port_closed}}"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin_group {
    origin_id = "g"
    failover_criteria {
      status_codes = [500, 502, 503, 504]
    }
    member {
      origin_id = "primary"
    }
    member {
      origin_id = "secondary"
    }
  }
`
	// As aws_cloudfront_distribution's documentation writes it.
	defaultBehavior := `
  default_cache_behavior {
    allowed_methods        = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "TARGET"
    viewer_protocol_policy = "allow-all"
    min_ttl                = 0
    default_ttl            = 3600
    max_ttl                = 86400
    compress               = true
    forwarded_values {
      query_string = false
      headers      = ["Origin"]
      cookies {
        forward = "none"
      }
    }
    function_association {
      event_type   = "viewer-request"
      function_arn = "arn:aws:cloudfront::123456789012:function/rewrite"
    }
  }
`
	ordered := `
  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "primary"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
    lambda_function_association {
      event_type   = "origin-request"
      lambda_arn   = "arn:aws:lambda:us-east-1:123456789012:function:edge:1"
      include_body = false
    }
  }
`
	config := func(body string) string {
		return distributionConfig(t, `data "origin_distribution" "d" {`+origins+body+"}\n")
	}
	through := func(target string) string { return strings.Replace(defaultBehavior, "TARGET", target, 1) }
	const ds = "data.origin_distribution.d"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(through("nowhere")), PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(regexp.QuoteMeta(
				`default_cache_behavior[0].target_origin_id targets "nowhere", which is the origin_id of no origin and no origin_group here`)) + `(?s).*` +
				wrapped(regexp.QuoteMeta(`Set target_origin_id to one of "g", "primary", "secondary", "spare"`)))},
			{Config: config(ordered), PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(`ordered_cache_behavior blocks are given but no default_cache_behavior`))},
			// /legacy/* goes to the primary itself: no failover for it.
			{Config: config(through("g") + ordered), PlanOnly: true, ExpectError: regexp.MustCompile(wrapped(regexp.QuoteMeta(`Origin primary (expired.example.test): check tls.expired failed`)))},
			// Last, so that the post-test destroy has a valid configuration.
			{Config: config(through("g")), Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(ds, "healthy", "true"),
				resource.TestCheckResourceAttr(ds, "origin_groups.g.status", "warn"),
				resource.TestCheckResourceAttr(ds, "unreached_origin_ids.#", "1"),
				resource.TestCheckResourceAttr(ds, "unreached_origin_ids.0", "spare"),
				resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`^distribution is healthy \(3 origins: 1 healthy, 0 failing, 1 failing but covered by failover, 1 failing but reached by no cache behaviour; 1 origin groups; 1 cache behaviours, 1 origins and origin groups reached by none\)`)),
				resource.TestMatchResourceAttr(ds, "summary", regexp.MustCompile(`NOTE origin spare: no cache behaviour targets it, directly or through an origin group, so CloudFront sends it no requests`)),
			), ConfigStateChecks: []statecheck.StateCheck{
				checkByID(ds, report.TCPHTTPSPortClosed, report.Fail).In("origins.spare").Message("refused"),
				checkByID(ds, report.TLSExpired, report.Fail).In("origins.primary"),
			}},
		},
	})
}
