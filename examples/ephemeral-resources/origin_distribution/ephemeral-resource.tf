ephemeral "origin_distribution" "site" {
  origin {
    origin_id   = "web"
    domain_name = "origin.example.com"
    custom_header {
      name  = "X-Origin-Verify"
      value = ephemeral.aws_secretsmanager_secret_version.origin_verify.secret_string
    }
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
}
