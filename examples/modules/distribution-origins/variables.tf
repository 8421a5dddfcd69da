variable "origins" {
  description = <<-EOT
    The distribution's origin blocks, in the shape aws_cloudfront_distribution
    takes them (and exposes them as aws_cloudfront_distribution.<name>.origin):
    nested blocks are lists of at most one object.
  EOT
  type = list(object({
    origin_id                = string
    domain_name              = string
    origin_path              = optional(string)
    connection_attempts      = optional(number)
    connection_timeout       = optional(number)
    origin_access_control_id = optional(string)
    custom_origin_config = optional(list(object({
      http_port              = optional(number, 80)
      https_port             = optional(number, 443)
      origin_protocol_policy = optional(string, "https-only")
      origin_ssl_protocols   = optional(list(string), ["TLSv1.2"])
      ip_address_type        = optional(string)
      origin_read_timeout    = optional(number)
    })), [])
    s3_origin_config = optional(list(object({
      origin_access_identity = optional(string, "")
    })), [])
    custom_header = optional(list(object({
      name  = string
      value = string
    })), [])
  }))
}

variable "origin_groups" {
  description = "The distribution's origin_group blocks: the first member is the primary."
  type = list(object({
    origin_id    = string
    status_codes = list(number)
    members      = list(string)
  }))
  default = []
}

variable "host_headers" {
  description = <<-EOT
    Host value CloudFront forwards, by origin_id, for origins whose origin request
    policy forwards the viewer's Host header (for example Managed-AllViewer):
    CloudFront then sends it as SNI and the origin certificate must cover it.
  EOT
  type        = map(string)
  default     = {}
}
