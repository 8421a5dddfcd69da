output "config_problems" {
  description = "Static configuration problems by origin_id (an empty list when none)."
  value       = local.config_problems
}

output "checked_origins" {
  description = "The origin_ids whose origin is checked over the network (custom origins)."
  value       = keys(local.custom_origins)
}
