# Every origin and origin group of a distribution checked by one check block,
# with the cloudfront-origin-checks module. Check blocks warn and never block.
terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}

provider "origin" {}

variable "web_origin_domain_name" {
  description = "The web origin's domain_name."
  type        = string
  default     = "web.example.com"
}

variable "api_origin_domain_name" {
  description = "The API origin's domain_name (the failover group's primary)."
  type        = string
  default     = "api.example.com"
}

variable "assets_origin_domain_name" {
  description = "The S3 REST origin's domain_name."
  type        = string
  default     = "assets-bucket.s3.us-east-1.amazonaws.com"
}

locals {
  # The origins of the distribution, in the shape aws_cloudfront_distribution
  # takes: the same local feeds its dynamic "origin" block. With the AWS
  # provider, aws_cloudfront_distribution.site.origin has this shape too.
  origins = [
    {
      origin_id   = "web"
      domain_name = var.web_origin_domain_name
      custom_origin_config = [{
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }]
      custom_header = [{ name = "X-Origin-Verify", value = "not-a-real-secret" }]
    },
    {
      origin_id   = "api"
      domain_name = var.api_origin_domain_name
      custom_origin_config = [{
        origin_protocol_policy = "https-only"
      }]
    },
    {
      # An S3 REST origin: checked over HTTPS, as CloudFront reaches it.
      origin_id                = "assets"
      domain_name              = var.assets_origin_domain_name
      origin_access_control_id = "E2QWRUHAPOMQZL"
      s3_origin_config         = [{}]
    },
  ]

  origin_groups = [{
    origin_id    = "api-with-failover"
    status_codes = [502, 503, 504]
    members      = ["api", "web"]
  }]
}

module "origin_checks" {
  # examples/modules/cloudfront-origin-checks in the provider's repository.
  source = "../../modules/cloudfront-origin-checks"

  origins       = local.origins
  origin_groups = local.origin_groups
}

output "checked_origins" {
  value = module.origin_checks.checked_origins
}
