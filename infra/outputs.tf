output "runner_url" {
  description = "HTTPS URL of the ingest-runner service (IAM-protected)."
  value       = google_cloud_run_v2_service.ingest_runner.uri
}

output "runner_service_account" {
  value = google_service_account.runner.email
}

output "functions_service_account" {
  description = "Set as serviceAccount in the functions' setGlobalOptions so they run with these grants."
  value       = google_service_account.functions.email
}

output "scheduler_service_account" {
  value = google_service_account.scheduler.email
}

output "docker_repository" {
  description = "Push ingest-runner images here."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.engine.repository_id}"
}

output "topics" {
  value = [for topic in google_pubsub_topic.engine : topic.name]
}

output "dead_letter_topics" {
  value = [for topic in google_pubsub_topic.dead_letter : topic.name]
}

output "subscriptions" {
  value = { for name, subscription in google_pubsub_subscription.engine : name => subscription.topic }
}

output "secret_ids" {
  value = [for secret in google_secret_manager_secret.engine : secret.secret_id]
}
