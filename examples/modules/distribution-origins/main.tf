# The origin_distribution both modules read: the distribution's origin and
# origin_group blocks, from the variables that feed aws_cloudfront_distribution,
# checked in one read. cloudfront-distribution gates the distribution on it
# (a precondition), cloudfront-origin-checks asserts it in a check block.

data "origin_distribution" "this" {
  # The same blocks as aws_cloudfront_distribution, from the same variable.
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id                = origin.value.origin_id
      domain_name              = origin.value.domain_name
      origin_path              = origin.value.origin_path
      connection_attempts      = origin.value.connection_attempts
      connection_timeout       = origin.value.connection_timeout
      origin_access_control_id = origin.value.origin_access_control_id
      host_header              = lookup(var.host_headers, origin.value.origin_id, null)

      dynamic "custom_origin_config" {
        for_each = origin.value.custom_origin_config
        content {
          http_port              = custom_origin_config.value.http_port
          https_port             = custom_origin_config.value.https_port
          origin_protocol_policy = custom_origin_config.value.origin_protocol_policy
          origin_ssl_protocols   = custom_origin_config.value.origin_ssl_protocols
          ip_address_type        = custom_origin_config.value.ip_address_type
          origin_read_timeout    = custom_origin_config.value.origin_read_timeout
        }
      }
      dynamic "s3_origin_config" {
        for_each = origin.value.s3_origin_config
        content {
          origin_access_identity = s3_origin_config.value.origin_access_identity
        }
      }
      dynamic "custom_header" {
        for_each = origin.value.custom_header
        content {
          name  = custom_header.value.name
          value = custom_header.value.value
        }
      }
    }
  }

  dynamic "origin_group" {
    for_each = var.origin_groups
    content {
      origin_id = origin_group.value.origin_id
      failover_criteria {
        status_codes = origin_group.value.status_codes
      }
      dynamic "member" {
        for_each = origin_group.value.members
        content {
          origin_id = member.value
        }
      }
    }
  }

  # The caller reports, with the summary: a precondition or a check block.
  on_failure = "ignore"
}
