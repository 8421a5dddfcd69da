# Static checks of an aws_cloudfront_distribution origin block, offline:
# here an IP literal and a port CloudFront does not allow.
locals {
  origin = {
    domain_name = "203.0.113.10"
    origin_id   = "web"
    custom_origin_config = [{
      http_port              = 80
      https_port             = 8
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }]
  }
}

output "origin_problems" {
  # Two strings, each with its check id and fix:
  # config.ip_literal and config.port_out_of_range.
  value = provider::origin::config_problems(local.origin)
}
