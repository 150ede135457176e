# One service account per workload, each with only what it uses. Nothing here is project-wide except
# Firestore access (Firestore has no per-collection IAM; security rules do not apply to service accounts)
# and log / metric writing.

resource "google_service_account" "runner" {
  account_id   = "engine-runner"
  display_name = "ingest-runner (Cloud Run)"
}

resource "google_service_account" "functions" {
  account_id   = "engine-functions"
  display_name = "Cloud Functions (watchlist API, schedules, notifications)"
}

resource "google_service_account" "scheduler" {
  account_id   = "engine-scheduler"
  display_name = "Cloud Scheduler caller of the runner"
}

locals {
  runner_member    = "serviceAccount:${google_service_account.runner.email}"
  functions_member = "serviceAccount:${google_service_account.functions.email}"

  observability_roles = ["roles/logging.logWriter", "roles/monitoring.metricWriter"]

  # Topics the functions consume (the values of SUBSCRIPTIONS in core/src/events/topics.ts).
  consumed_topics = ["engine-alerts", "engine-fills", "engine-positions", "engine-system"]
}

# --- runner -----------------------------------------------------------------------------------------

resource "google_pubsub_topic_iam_member" "runner_publishes" {
  for_each = toset(local.runner_publish_topics)
  topic    = google_pubsub_topic.engine[each.value].name
  role     = "roles/pubsub.publisher"
  member   = local.runner_member
}

resource "google_project_iam_member" "runner_firestore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = local.runner_member
}

resource "google_project_iam_member" "runner_observability" {
  for_each = toset(local.observability_roles)
  project  = var.project_id
  role     = each.value
  member   = local.runner_member
}

resource "google_secret_manager_secret_iam_member" "runner_secrets" {
  for_each  = toset(concat(local.runner_env_secrets, local.runner_api_secrets))
  secret_id = google_secret_manager_secret.engine[each.value].id
  role      = "roles/secretmanager.secretAccessor"
  member    = local.runner_member
}

# --- functions --------------------------------------------------------------------------------------

resource "google_project_iam_member" "functions_firestore" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = local.functions_member
}

resource "google_project_iam_member" "functions_observability" {
  for_each = toset(local.observability_roles)
  project  = var.project_id
  role     = each.value
  member   = local.functions_member
}

resource "google_pubsub_subscription_iam_member" "functions_subscribes" {
  for_each     = local.subscriptions
  subscription = google_pubsub_subscription.engine[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.functions_member
}

# Consumers dead-letter poison messages themselves (with the reason as attributes), so they publish to
# the dead-letter topic of each topic they consume, and nowhere else.
resource "google_pubsub_topic_iam_member" "functions_dead_letters" {
  for_each = toset(local.consumed_topics)
  topic    = google_pubsub_topic.dead_letter[each.value].name
  role     = "roles/pubsub.publisher"
  member   = local.functions_member
}

resource "google_secret_manager_secret_iam_member" "functions_secrets" {
  for_each  = toset(local.functions_secrets)
  secret_id = google_secret_manager_secret.engine[each.value].id
  role      = "roles/secretmanager.secretAccessor"
  member    = local.functions_member
}

# Daily reports (CSV / JSON) and their retention job: objects in the reports bucket only.
resource "google_storage_bucket_iam_member" "functions_reports" {
  bucket = var.reports_bucket
  role   = "roles/storage.objectUser"
  member = local.functions_member
}

# --- scheduler --------------------------------------------------------------------------------------

resource "google_cloud_run_v2_service_iam_member" "scheduler_invokes_runner" {
  name     = google_cloud_run_v2_service.ingest_runner.name
  location = google_cloud_run_v2_service.ingest_runner.location
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}
