output "healthy" {
  description = "Whether CloudFront would serve every origin and origin group."
  value       = data.origin_distribution.this.healthy
}

output "summary" {
  description = "The verdict, each finding prefixed with its [origin_id], with its fix."
  value       = data.origin_distribution.this.summary
}

output "origins" {
  description = "Each origin's result, by origin_id, in the shapes of origin_health."
  value       = data.origin_distribution.this.origins
}
