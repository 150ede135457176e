# Functions' onSchedule jobs (watchlist cleaner, liquidity updater, position reconciliation, reports) are
# deployed by `firebase deploy`. The only job Terraform owns asks the runner to reconcile its in-memory
# books with the venue, authenticated with an OIDC token of the scheduler service account. It exists only
# once runner_reconcile_path names such an endpoint (today the runner serves /healthz, /readyz, /metrics).
resource "google_cloud_scheduler_job" "runner_reconcile" {
  count            = var.runner_reconcile_path == null ? 0 : 1
  name             = "ingest-runner-reconcile"
  region           = var.region
  schedule         = var.reconcile_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "120s"

  retry_config {
    retry_count          = 3
    min_backoff_duration = "10s"
    max_backoff_duration = "120s"
  }

  http_target {
    http_method = "POST"
    uri         = "${google_cloud_run_v2_service.ingest_runner.uri}${var.runner_reconcile_path}"

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = google_cloud_run_v2_service.ingest_runner.uri
    }
  }

  depends_on = [google_project_service.api, google_cloud_run_v2_service_iam_member.scheduler_invokes_runner]
}
