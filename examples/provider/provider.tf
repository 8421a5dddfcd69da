terraform {
  required_providers {
    origin = {
      source = "originhealth/origin"
    }
  }
}

# Every argument is optional. The defaults check an origin the way CloudFront's
# edges see it: public DNS walked from the root servers, the Mozilla trust store.
provider "origin" {
  # Deadline for all checks of one origin.
  timeout = "10s"

  # Origins checked in parallel across all origin_health data sources.
  max_concurrency = 32
}

# For origins behind private DNS or a private CA (a staging environment, a
# test lab), point the walk at your own roots and add your CA as an extra trust
# anchor. CloudFront itself would not trust that CA.
provider "origin" {
  alias = "lab"

  dns_root_servers = ["10.0.0.53"]
  trusted_ca_pem   = file("${path.module}/lab-ca.pem")
  timeout          = "5s"
}
