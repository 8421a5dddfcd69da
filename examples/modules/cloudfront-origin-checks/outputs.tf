output "checked_origins" {
  description = "The origin_ids checked."
  value       = [for o in var.origins : o.origin_id]
}
