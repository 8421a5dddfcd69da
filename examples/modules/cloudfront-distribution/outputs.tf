output "origin_addresses" {
  description = "Addresses each custom origin resolves to, by origin_id."
  value       = { for id, o in data.origin_health.origin : id => o.addresses }
}
