# Does a certificate (PEM or a list of SANs) cover the origin name, under
# CloudFront's rules (one-label wildcards, no partial wildcards)?
output "wildcard_covers_www" {
  value = provider::origin::certificate_covers(["*.example.com"], "www.example.com") # true
}

output "wildcard_is_one_label" {
  value = provider::origin::certificate_covers(["*.example.com"], "a.b.example.com") # false
}

output "pem_covers_origin" {
  value = provider::origin::certificate_covers(file("${path.module}/origin.pem"), "origin.example.com")
}
