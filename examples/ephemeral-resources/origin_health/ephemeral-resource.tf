# The origin-verify header comes from an ephemeral secret: neither it nor the
# result is written to the plan or the state.
ephemeral "aws_secretsmanager_secret_version" "origin_verify" {
  secret_id = "cloudfront/origin-verify"
}

ephemeral "origin_health" "web" {
  domain_name            = "origin.example.com"
  origin_protocol_policy = "https-only"
  on_failure             = "ignore" # the precondition below reports

  http_request = {
    path    = "/healthz"
    headers = { X-Origin-Verify = ephemeral.aws_secretsmanager_secret_version.origin_verify.secret_string }
  }
}

resource "terraform_data" "release" {
  input = var.release
  lifecycle {
    precondition {
      condition = ephemeral.origin_health.web.healthy
      # Terraform does not print an error_message built from ephemeral
      # values: keep it a literal and read the details from the plan output
      # of a data "origin_health", or set on_failure = "error" above.
      error_message = "origin.example.com would make CloudFront answer 502/504 (see the origin_health diagnostics)."
    }
  }
}
