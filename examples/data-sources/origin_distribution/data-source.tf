# Every origin of a distribution, in aws_cloudfront_distribution's blocks,
# checked in one read; origin groups judged as CloudFront fails over, and
# the cache behaviours say which origins get requests.
data "origin_distribution" "site" {
  origin {
    origin_id   = "web"
    domain_name = "origin.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      ip_address_type        = "dualstack"
    }
    # This provider's own per-origin arguments.
    host_header    = "www.example.com"
    reachable_from = "cloudfront"
  }

  origin {
    origin_id                = "assets"
    domain_name              = "assets-bucket.s3.us-east-1.amazonaws.com"
    origin_access_control_id = "E2QWRUHAPOMQZL"
    s3_origin_config {
      origin_access_identity = ""
    }
  }

  origin {
    origin_id   = "backup"
    domain_name = "backup.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin_group {
    origin_id = "web-with-failover"
    failover_criteria {
      status_codes = [502, 503, 504]
    }
    member {
      origin_id = "web"
    }
    member {
      origin_id = "backup"
    }
  }
  # Pasted from the distribution: only target_origin_id (and path_pattern)
  # are used; the other attributes are accepted.
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "web-with-failover"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "assets"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}

output "origin_verdicts" {
  value = { for id, o in data.origin_distribution.site.origins : id => o.healthy }
}

# checks is a map keyed by check id: the ids of each origin's failed checks.
output "failed_checks" {
  value = {
    for origin_id, o in data.origin_distribution.site.origins :
    origin_id => [for id, c in o.checks : id if c.status == "fail"]
  }
}
