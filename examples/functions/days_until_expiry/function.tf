# Days until a certificate expires, from the plan's timestamp (functions
# are pure, so the time is passed in).
output "origin_certificate_days_left" {
  value = provider::origin::days_until_expiry(file("${path.module}/origin.pem"), plantimestamp())
}
