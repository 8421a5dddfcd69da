# One check block per custom origin, plus one for the static configuration of
# all origins. Check blocks take no for_each (nor may their nested data
# blocks), so the per-origin check lives in a child module called with
# for_each: its warnings read module.<name>.module.origin["<origin_id>"].
#
# Check blocks never block: a broken origin is a warning in `terraform plan`
# and `apply`, and a failed check in HCP Terraform's continuous validation.

locals {
  # Static problems of every origin (no network), by origin_id.
  config_problems = {
    for o in var.origins : o.origin_id => provider::origin::config_problems(o)
  }

  # Origins CloudFront reaches as custom origins: probed over the network.
  custom_origins = {
    for o in var.origins : o.origin_id => merge(one(o.custom_origin_config), {
      domain_name = o.domain_name
    }) if length(o.custom_origin_config) > 0
  }
}

check "origin_config" {
  assert {
    condition = alltrue([for problems in values(local.config_problems) : length(problems) == 0])
    error_message = join("\n", flatten([
      for id, problems in local.config_problems : [for p in problems : "origin ${id}: ${p}"]
    ]))
  }
}

module "origin" {
  source   = "./modules/origin-health"
  for_each = local.custom_origins

  origin_id                       = each.key
  domain_name                     = each.value.domain_name
  origin_protocol_policy          = each.value.origin_protocol_policy
  http_port                       = each.value.http_port
  https_port                      = each.value.https_port
  origin_ssl_protocols            = each.value.origin_ssl_protocols
  host_header                     = lookup(var.host_headers, each.key, null)
  certificate_expiry_warning_days = var.certificate_expiry_warning_days
}
