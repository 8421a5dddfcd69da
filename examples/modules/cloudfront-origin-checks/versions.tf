terraform {
  # Needs Terraform >= 1.8 or OpenTofu >= 1.7 (check blocks and provider
  # functions). No required_version: the two CLIs number versions differently.
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}
