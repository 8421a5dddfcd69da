# Every origin of a distribution checked, one check block per origin, with
# the cloudfront-origin-checks module. Check blocks warn and never block.
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
  description = "The API origin's domain_name."
  type        = string
  default     = "api.example.com"
}

locals {
  # The shape of aws_cloudfront_distribution.<name>.origin. With the AWS
  # provider, pass that attribute instead:
  #   origins = aws_cloudfront_distribution.site.origin
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
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }]
    },
    {
      # An S3 REST origin (no custom_origin_config): static checks only.
      origin_id   = "assets"
      domain_name = "assets-bucket.s3.us-east-1.amazonaws.com"
    },
  ]
}

module "origin_checks" {
  # examples/modules/cloudfront-origin-checks in the provider's repository.
  source = "../../modules/cloudfront-origin-checks"

  origins = local.origins
}

output "checked_origins" {
  value = module.origin_checks.checked_origins
}
