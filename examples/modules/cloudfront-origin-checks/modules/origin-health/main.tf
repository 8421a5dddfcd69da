# One origin's health as a scoped check: the data source is read during plan
# (and apply) and its failure is a warning naming every failed check and fix.

terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}

variable "origin_id" {
  description = "The origin's origin_id, named in the warning."
  type        = string
}

variable "domain_name" {
  description = "The origin's domain_name."
  type        = string
}

variable "origin_protocol_policy" {
  description = "custom_origin_config.origin_protocol_policy."
  type        = string
}

variable "http_port" {
  description = "custom_origin_config.http_port."
  type        = number
}

variable "https_port" {
  description = "custom_origin_config.https_port."
  type        = number
}

variable "origin_ssl_protocols" {
  description = "custom_origin_config.origin_ssl_protocols."
  type        = list(string)
}

variable "host_header" {
  description = "The Host value CloudFront forwards, when it forwards the viewer's; null otherwise."
  type        = string
  default     = null
}

variable "certificate_expiry_warning_days" {
  description = "Warn when the certificate expires within this many days."
  type        = number
}

check "origin_health" {
  data "origin_health" "this" {
    domain_name                     = var.domain_name
    origin_protocol_policy          = var.origin_protocol_policy
    http_port                       = var.http_port
    https_port                      = var.https_port
    origin_ssl_protocols            = var.origin_ssl_protocols
    host_header                     = var.host_header
    certificate_expiry_warning_days = var.certificate_expiry_warning_days

    # The assertion reports: "ignore" keeps the data source itself quiet, so
    # one warning carries the whole summary.
    on_failure = "ignore"
  }

  assert {
    condition     = data.origin_health.this.healthy
    error_message = "origin ${var.origin_id}: ${data.origin_health.this.summary}"
  }
}
