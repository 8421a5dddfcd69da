# A check block: continuous validation. A broken origin is a warning in
# `terraform plan` and `apply` (exit 0) and a failed check in HCP Terraform's
# health assessments; it never blocks a run.
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

check "origin" {
  # A scoped data source: read only for this check.
  data "origin_health" "web" {
    domain_name = var.origin_domain_name

    # Let the assertion report: one warning carrying the whole summary.
    # (With the default "error", Terraform turns the data source's errors
    # into warnings but then skips the assertion.)
    on_failure = "ignore"
  }

  assert {
    condition     = data.origin_health.web.healthy
    error_message = data.origin_health.web.summary
  }
}
