# The demo: plan against the local fixture lab (`make demo` starts it and
# writes lab.auto.tfvars.json with its root servers, CA and origins).
# Broken origins use on_failure = "warn" so one plan shows every verdict;
# in real use keep the default "error" to stop a plan that would 502.

terraform {
  required_version = ">= 1.5"
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}

variable "dns_root_servers" {
  description = "The lab's root name servers (loopback addresses)."
  type        = list(string)
}

variable "trusted_ca_pem" {
  description = "The lab's private root CA, standing in for a public CA."
  type        = string
}

variable "origins" {
  description = "Lab origins by scenario name."
  type = map(object({
    domain_name            = string
    host_header            = optional(string)
    origin_protocol_policy = optional(string)
    origin_ssl_protocols   = optional(list(string))
    https_port             = optional(number)
    ip_address_type        = optional(string)
    reachable_from         = optional(string)
    connection_timeout     = optional(number)
    origin_mtls_config     = optional(object({ client_certificate_arn = string }))
    http_request = optional(object({
      path                     = optional(string)
      method                   = optional(string)
      headers                  = optional(map(string))
      origin_read_timeout      = optional(number)
      origin_keepalive_timeout = optional(number)
      measure_keepalive        = optional(bool)
    }))
    expect = string
  }))
}

provider "origin" {
  dns_root_servers = var.dns_root_servers
  trusted_ca_pem   = var.trusted_ca_pem
  timeout          = "5s"
  # The lab's origins live on 127.0.0.0/8, an address CloudFront could not
  # reach: without this, every one of them fails dns.private_address.
  allow_private_addresses = true
}

data "origin_health" "lab" {
  for_each = var.origins

  domain_name            = each.value.domain_name
  host_header            = each.value.host_header
  origin_protocol_policy = each.value.origin_protocol_policy
  origin_ssl_protocols   = each.value.origin_ssl_protocols
  https_port             = each.value.https_port
  ip_address_type        = each.value.ip_address_type
  reachable_from         = each.value.reachable_from
  connection_timeout     = each.value.connection_timeout
  origin_mtls_config     = each.value.origin_mtls_config
  http_request           = each.value.http_request
  on_failure             = "warn"
}

output "verdicts" {
  description = "Per origin: healthy, or the failed check ids, next to what the lab expects."
  value = {
    for name, o in data.origin_health.lab : name => {
      verdict = o.healthy ? "healthy" : join(", ", [for id, c in o.checks : id if c.status == "fail"])
      expect  = var.origins[name].expect
    }
  }
}
