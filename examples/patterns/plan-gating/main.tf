# Plan gating: a failed check is an error, so `terraform plan` stops (exit 1)
# before anything that depends on the origin is planned.
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

data "origin_health" "web" {
  domain_name            = var.origin_domain_name
  origin_protocol_policy = "https-only"
  origin_ssl_protocols   = ["TLSv1.2"]

  # The default: every failed check is an error diagnostic with its fix.
  on_failure = "error"
}

output "origin_addresses" {
  value = data.origin_health.web.addresses
}
