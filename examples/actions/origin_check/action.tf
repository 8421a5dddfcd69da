# Terraform >= 1.14. Invoke it by hand:
#   terraform apply -invoke=action.origin_check.site
action "origin_check" "site" {
  config {
    origin {
      origin_id   = "web"
      domain_name = "origin.example.com"
      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
  }
}

# Or after every deployment: the apply fails when the distribution would.
resource "terraform_data" "deploy" {
  input = var.release
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.origin_check.site]
    }
  }
}
