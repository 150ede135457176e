resource "google_artifact_registry_repository" "engine" {
  location      = var.region
  repository_id = "engine"
  format        = "DOCKER"
  description   = "ingest-runner container images."

  # Keep the last 10 images; untagged layers go after a week.
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 10
    }
  }

  cleanup_policies {
    id     = "delete-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "604800s"
    }
  }

  depends_on = [google_project_service.api]
}
