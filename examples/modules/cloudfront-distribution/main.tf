# A module that owns a CloudFront distribution and refuses to plan it when an
# origin would make CloudFront answer 502. terraform_data stands in for
# aws_cloudfront_distribution so the example runs without AWS: the lifecycle
# block is the same on the real resource.

locals {
  custom_origins = {
    for o in var.origins : o.origin_id => merge(one(o.custom_origin_config), {
      domain_name = o.domain_name
    }) if length(o.custom_origin_config) > 0
  }

  # Offline checks of every origin block, e.g. an IP literal, a port or a
  # custom header CloudFront rejects.
  config_problems = flatten([
    for o in var.origins : [for p in provider::origin::config_problems(o) : "origin ${o.origin_id}: ${p}"]
  ])
}

data "origin_health" "origin" {
  for_each = local.custom_origins

  domain_name            = each.value.domain_name
  origin_protocol_policy = each.value.origin_protocol_policy
  http_port              = each.value.http_port
  https_port             = each.value.https_port
  origin_ssl_protocols   = each.value.origin_ssl_protocols
  host_header            = lookup(var.host_headers, each.key, null)

  # The precondition below reports, with the summary, on the distribution.
  on_failure = "ignore"
}

# Stands for:
#   resource "aws_cloudfront_distribution" "this" {
#     dynamic "origin" { for_each = var.origins ... }
#     ...
#   }
resource "terraform_data" "distribution" {
  input = {
    origins = [for o in var.origins : { origin_id = o.origin_id, domain_name = o.domain_name }]
  }

  lifecycle {
    precondition {
      condition     = length(local.config_problems) == 0
      error_message = join("\n", local.config_problems)
    }

    precondition {
      condition     = alltrue([for o in data.origin_health.origin : o.healthy])
      error_message = join("\n", [for id, o in data.origin_health.origin : "origin ${id}: ${o.summary}" if !o.healthy])
    }
  }
}
