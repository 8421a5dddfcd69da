variable "origins" {
  description = <<-EOT
    The distribution's origins: aws_cloudfront_distribution.<name>.origin, or plain
    objects of the same shape. Origins without custom_origin_config (S3 REST origins)
    get the static checks only.
  EOT
  type = list(object({
    origin_id   = string
    domain_name = string
    custom_origin_config = optional(list(object({
      http_port              = optional(number, 80)
      https_port             = optional(number, 443)
      origin_protocol_policy = optional(string, "https-only")
      origin_ssl_protocols   = optional(list(string), ["TLSv1.2"])
    })), [])
    custom_header = optional(list(object({
      name  = string
      value = string
    })), [])
  }))
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

variable "certificate_expiry_warning_days" {
  description = "Warn when an origin certificate expires within this many days."
  type        = number
  default     = 30
}
