# Continuous validation through the deployed distribution: a check block
# whose origin_distribution also sends requests through CloudFront
# (through_cloudfront), one per entry of requests on every plan and apply.
# CloudFront's own 502/504 is a warning naming its POP and request id, joined
# with what the direct checks of the origin found; it never blocks a run.
terraform {
  required_version = ">= 1.5"
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}

provider "origin" {}

variable "origin_domain_name" {
  description = "The custom origin's domain_name."
  type        = string
  default     = "origin.example.com"
}

variable "distribution_domain_name" {
  description = "The distribution's domain name: aws_cloudfront_distribution.site.domain_name, or an alias."
  type        = string
  default     = "d111111abcdef8.cloudfront.net"
}

variable "request_path" {
  description = "The path requested through CloudFront."
  type        = string
  default     = "/health"
}

check "through_cloudfront" {
  data "origin_distribution" "site" {
    on_failure = "ignore" # let the assertion report, with the whole summary

    origin {
      origin_id   = "web"
      domain_name = var.origin_domain_name
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    default_cache_behavior {
      target_origin_id = "web"
    }

    through_cloudfront {
      domain_name = var.distribution_domain_name
      # cache_bust = true # when the cache key includes query strings
      requests = [
        { path = var.request_path },
      ]
    }
  }

  assert {
    condition     = data.origin_distribution.site.healthy
    error_message = data.origin_distribution.site.summary
  }
}
