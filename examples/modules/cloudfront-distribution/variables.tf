# The variables of ../distribution-origins (variables.tf there has their
# types and documentation), passed through unchanged.

variable "origins" {
  description = "The distribution's origin blocks, in the shape aws_cloudfront_distribution takes them: see ../distribution-origins."
  type        = any
}

variable "origin_groups" {
  description = "The distribution's origin_group blocks: see ../distribution-origins."
  type        = any
  default     = []
}

variable "host_headers" {
  description = "Host value CloudFront forwards, by origin_id: see ../distribution-origins."
  type        = any
  default     = {}
}
