output "origin_addresses" {
  description = "Addresses each origin resolves to, by origin_id."
  value       = { for id, o in data.origin_distribution.this.origins : id => o.addresses }
}
