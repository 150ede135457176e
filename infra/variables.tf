variable "project_id" {
  type        = string
  description = "Google Cloud / Firebase project id."
}

variable "environment" {
  type        = string
  description = "Deployment name, used in labels and deletion protection."
  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  type        = string
  description = "Region of Cloud Run, Artifact Registry, Cloud Scheduler and the secrets' replicas."
}

variable "image" {
  type        = string
  description = "Container image of ingest-runner, e.g. europe-west1-docker.pkg.dev/PROJECT/engine/ingest-runner:TAG."
}

variable "engine_mode" {
  type        = string
  description = "Runner trading mode."
  validation {
    condition     = contains(["paper", "live"], var.engine_mode)
    error_message = "engine_mode must be paper or live."
  }
}

variable "reports_bucket" {
  type        = string
  description = "Cloud Storage bucket of the daily reports (the Firebase default bucket, created by Firebase)."
}

variable "min_instances" {
  type        = number
  description = "Runner instances kept warm; at least 1 because the runner holds WebSocket streams."
  default     = 1
  validation {
    condition     = var.min_instances >= 1
    error_message = "min_instances must be at least 1: an idle runner would drop its market-data streams."
  }
}

variable "max_instances" {
  type        = number
  description = "Upper bound of runner instances (symbols are sharded over them by Firestore leases)."
  default     = 3
}

variable "live_trading" {
  type        = bool
  description = "Second, explicit switch for real orders: the runner refuses MODE=live without it, and it with MODE=paper."
  default     = false
}

variable "market_source" {
  type        = string
  description = "Runner market data: feed (venue WebSocket), replay (tapes baked into the image) or synthetic."
  default     = "feed"
}

variable "venue" {
  type        = string
  description = "Venue key of the traded instruments, e.g. binance-usdm (see core/src/domain/instrument.ts)."
}

variable "symbols" {
  type        = list(string)
  description = "Symbols the runners share out among themselves through Firestore leases."
}

variable "lease_ttl_ms" {
  type        = number
  description = "Symbol lease lifetime; a dead instance's symbols move to others within this time."
  default     = 15000
}

variable "heartbeat_ms" {
  type        = number
  description = "How often a runner renews its leases (well below lease_ttl_ms)."
  default     = 4000
}

variable "runner_cpu" {
  type        = string
  description = "vCPU limit of one runner instance."
  default     = "1"
}

variable "runner_memory" {
  type        = string
  description = "Memory limit of one runner instance."
  default     = "1Gi"
}

variable "runner_concurrency" {
  type        = number
  description = "Concurrent HTTP requests per instance (health, readiness, metrics, reconcile): all cheap."
  default     = 20
}

variable "reconcile_schedule" {
  type        = string
  description = "Cron (UTC) of the Cloud Scheduler job that asks the runner to reconcile its books with the venue."
  default     = "*/15 * * * *"
}

variable "runner_reconcile_path" {
  type        = string
  description = "Runner endpoint the reconcile job calls (POST, OIDC-authenticated); null = no job (the runner has none yet)."
  default     = null
}
