# Plan gating: the plan stops before anything is applied when CloudFront would
# answer 502 for this origin. Pass the same values as the distribution's
# origin / custom_origin_config.
locals {
  api_origin = {
    domain_name            = "api.example.com"
    origin_protocol_policy = "https-only"
    https_port             = 443
    origin_ssl_protocols   = ["TLSv1.2"]
  }
}

data "origin_health" "api" {
  domain_name            = local.api_origin.domain_name
  origin_protocol_policy = local.api_origin.origin_protocol_policy
  https_port             = local.api_origin.https_port
  origin_ssl_protocols   = local.api_origin.origin_ssl_protocols

  # Set host_header when an origin request policy forwards the viewer's Host:
  # CloudFront then sends it as SNI and the certificate must cover it.

  # "error" (the default) fails the plan, naming each failed check and its fix.
  on_failure = "error"

  # Warn when the certificate expires within two weeks.
  certificate_expiry_warning_days = 14

  # "problems" (the default) keeps the messages of the checks that did not
  # pass; "full" keeps every message and the measured times, at the cost of a
  # state that changes on each refresh.
  # detail = "full"
}

# A distribution that depends on the check is only planned for a healthy origin.
resource "aws_cloudfront_distribution" "api" {
  depends_on = [data.origin_health.api]

  enabled = true

  origin {
    origin_id   = "api"
    domain_name = local.api_origin.domain_name

    custom_origin_config {
      http_port              = 80
      https_port             = local.api_origin.https_port
      origin_protocol_policy = local.api_origin.origin_protocol_policy
      origin_ssl_protocols   = local.api_origin.origin_ssl_protocols
    }
  }

  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

output "api_origin_tls" {
  value = {
    addresses      = data.origin_health.api.addresses
    tls_version    = try(data.origin_health.api.tls.version, null)
    days_remaining = try(data.origin_health.api.tls.certificate.days_remaining, null)
    # checks is keyed by check id (see the check catalog guide).
    expired = data.origin_health.api.checks["tls.expired"].status
  }
}

# What did not pass, with the fix: { "tls.expired" = "Renew the origin ..." }.
output "api_problems" {
  value = {
    for id, c in data.origin_health.api.checks : id => c.remediation
    if contains(["fail", "warn"], c.status)
  }
}
