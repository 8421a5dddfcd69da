# One check block for every origin and origin group of a distribution: one
# origin_distribution checks them all in one read. Check blocks never
# block: a broken origin is a warning in `terraform plan` and `apply`, and a
# failed check in HCP Terraform's continuous validation.

# The origin_distribution of the distribution's origins and groups
# (examples/modules/distribution-origins): it reports nothing itself
# (on_failure = "ignore"), so the assertion below is the one warning.
module "origins" {
  source = "../distribution-origins"

  origins       = var.origins
  origin_groups = var.origin_groups
  host_headers  = var.host_headers
}

check "origins" {
  assert {
    condition     = module.origins.healthy
    error_message = module.origins.summary
  }
}
