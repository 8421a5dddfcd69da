output "origin_addresses" {
  description = "Addresses each origin resolves to, by origin_id."
  value       = { for id, o in module.origins.origins : id => o.addresses }
}
