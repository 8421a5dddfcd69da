# Every origin of a distribution, in aws_cloudfront_distribution's blocks,
# checked in one read; origin groups judged as CloudFront fails over.
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
}

output "origin_verdicts" {
  value = { for id, o in data.origin_distribution.site.origins : id => o.healthy }
}
