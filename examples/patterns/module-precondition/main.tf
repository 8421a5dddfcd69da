# A module precondition: the module that owns the distribution refuses to plan
# it while an origin would make CloudFront answer 502 (the plan fails, naming
# the resource, with each failed check and its fix).
terraform {
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

module "site" {
  # examples/modules/cloudfront-distribution in the provider's repository.
  source = "../../modules/cloudfront-distribution"

  origins = [{
    origin_id   = "web"
    domain_name = var.origin_domain_name
    custom_origin_config = [{
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }]
  }]
}

output "origin_addresses" {
  value = module.site.origin_addresses
}
