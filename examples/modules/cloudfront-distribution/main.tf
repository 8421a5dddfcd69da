# A module that owns a CloudFront distribution and refuses to plan it when an
# origin would make CloudFront answer 502. terraform_data stands in for
# aws_cloudfront_distribution so the example runs without AWS: the lifecycle
# block is the same on the real resource, and its dynamic "origin" block reads
# the same variable as the origin_distribution of module.origins.

# The origin_distribution of the distribution's origins and groups
# (examples/modules/distribution-origins).
module "origins" {
  source = "../distribution-origins"

  origins       = var.origins
  origin_groups = var.origin_groups
  host_headers  = var.host_headers
}

# Stands for:
#   resource "aws_cloudfront_distribution" "this" {
#     dynamic "origin" { for_each = var.origins ... }   # the blocks module.origins checks
#     ...
#   }
resource "terraform_data" "distribution" {
  input = {
    origins = [for o in var.origins : { origin_id = o.origin_id, domain_name = o.domain_name }]
  }

  lifecycle {
    precondition {
      condition     = module.origins.healthy
      error_message = module.origins.summary
    }
  }
}
