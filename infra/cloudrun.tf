# The always-on runner: ingestion, analytics, decisions, execution and position monitoring in-process.
# It holds WebSocket streams, so it never scales to zero and its CPU is never throttled between requests.
locals {
  runner_port = 8080

  # Names and values as ingest-runner/src/runner/config.ts parses them (PORT is set by Cloud Run).
  runner_env = {
    MODE                 = var.engine_mode
    LIVE_TRADING         = tostring(var.live_trading)
    SOURCE               = var.market_source
    VENUE                = var.venue
    SYMBOLS              = join(",", var.symbols)
    STATE                = "firestore"
    TRANSPORT            = "pubsub"
    GOOGLE_CLOUD_PROJECT = var.project_id
    LEASE_TTL_MS         = tostring(var.lease_ttl_ms)
    HEARTBEAT_MS         = tostring(var.heartbeat_ms)
    KEK_SECRET           = google_secret_manager_secret.engine["ENGINE_KEK"].id
  }
}

resource "google_cloud_run_v2_service" "ingest_runner" {
  name                = "ingest-runner"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.environment == "prod"

  template {
    service_account                  = google_service_account.runner.email
    max_instance_request_concurrency = var.runner_concurrency
    timeout                          = "300s"

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    containers {
      image = var.image

      ports {
        container_port = local.runner_port
      }

      resources {
        limits = {
          cpu    = var.runner_cpu
          memory = var.runner_memory
        }
        cpu_idle          = false
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.runner_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = toset(local.runner_env_secrets)
        content {
          name = env.value
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.engine[env.value].secret_id
              version = "latest"
            }
          }
        }
      }

      # Ready only after warm-up and reconciliation: allow up to 4 minutes.
      startup_probe {
        initial_delay_seconds = 5
        period_seconds        = 10
        timeout_seconds       = 5
        failure_threshold     = 24
        http_get {
          path = "/readyz"
          port = local.runner_port
        }
      }

      liveness_probe {
        period_seconds    = 15
        timeout_seconds   = 5
        failure_threshold = 3
        http_get {
          path = "/healthz"
          port = local.runner_port
        }
      }
    }
  }

  depends_on = [
    google_project_service.api,
    google_secret_manager_secret_iam_member.runner_secrets,
  ]
}
