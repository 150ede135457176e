# Secret containers only: values are added out of band (`gcloud secrets versions add`, see README.md),
# so no secret material ever lands in Terraform state. Ids are the env var / defineSecret names the code reads.
locals {
  # Given to the Cloud Run runner as env vars.
  runner_env_secrets = [
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
  ]

  # Read by the runner through the Secret Manager API (the env var carries only the secret's name): the
  # envelope-encryption key provider records which KEK version wrapped each data key, so rotation works.
  runner_api_secrets = [
    "ENGINE_KEK",
  ]

  # Read by Cloud Functions through defineSecret (notifications; venue keys for position reconciliation).
  functions_secrets = [
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
    "SENDGRID_API_KEY",
    "TELEGRAM_BOT_TOKEN",
    "DISCORD_WEBHOOK_URL",
    "WEBHOOK_SIGNING_SECRET",
  ]

  secret_descriptions = {
    BINANCE_API_KEY        = "Binance API key (trade permission, no withdrawals)."
    BINANCE_API_SECRET     = "Binance API secret."
    ENGINE_KEK             = "Key-encryption key (base64, 32 bytes) for envelope-encrypted forex account credentials."
    SENDGRID_API_KEY       = "SendGrid API key for notification email."
    TELEGRAM_BOT_TOKEN     = "Telegram bot token for notifications."
    DISCORD_WEBHOOK_URL    = "Discord webhook URL for notifications."
    WEBHOOK_SIGNING_SECRET = "HMAC key that signs generic webhook notifications."
  }
}

resource "google_secret_manager_secret" "engine" {
  for_each  = local.secret_descriptions
  secret_id = each.key

  labels = {
    purpose = lower(replace(each.key, "_", "-"))
  }

  annotations = {
    description = each.value
  }

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }

  depends_on = [google_project_service.api]
}
