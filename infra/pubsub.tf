# Domain-event topics. Each list below must match core/src/events/topics.ts; the offline test
# test/unit/infra/terraform.test.ts parses this file and fails when they differ.
locals {
  # = TOPICS
  topics = [
    "engine-signals",
    "engine-orders",
    "engine-fills",
    "engine-positions",
    "engine-alerts",
    "engine-system",
  ]

  # = DEAD_LETTER_SUFFIX
  dead_letter_suffix = "-dlq"

  # = SUBSCRIPTIONS (name => topic). Functions' own Pub/Sub triggers create their subscriptions on deploy.
  subscriptions = {
    "notifications-alerts"    = "engine-alerts"
    "notifications-fills"     = "engine-fills"
    "notifications-positions" = "engine-positions"
    "audit-system"            = "engine-system"
  }

  # = the distinct non-null values of EVENT_TOPICS: what the runner may publish to.
  runner_publish_topics = [
    "engine-signals",
    "engine-orders",
    "engine-fills",
    "engine-positions",
    "engine-alerts",
    "engine-system",
  ]

  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "engine" {
  for_each                   = toset(local.topics)
  name                       = each.value
  message_retention_duration = "86400s"
  depends_on                 = [google_project_service.api]
}

resource "google_pubsub_topic" "dead_letter" {
  for_each                   = toset(local.topics)
  name                       = "${each.value}${local.dead_letter_suffix}"
  message_retention_duration = "1209600s"
  depends_on                 = [google_project_service.api]
}

resource "google_pubsub_subscription" "engine" {
  for_each                   = local.subscriptions
  name                       = each.key
  topic                      = google_pubsub_topic.engine[each.value].id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  enable_message_ordering    = true

  # Never expire for inactivity: a quiet weekend must not delete the subscription.
  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.value].id
    max_delivery_attempts = 5
  }
}

# One pull subscription per dead-letter topic, so poison messages are kept for inspection and replay.
resource "google_pubsub_subscription" "dead_letter_inspection" {
  for_each                   = toset(local.topics)
  name                       = "${each.value}${local.dead_letter_suffix}-inspect"
  topic                      = google_pubsub_topic.dead_letter[each.value].id
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s" # subscriptions cap at 7 days

  expiration_policy {
    ttl = ""
  }
}

# Dead-lettering is done by the Pub/Sub service agent: it must publish to the dead-letter topics and
# acknowledge on the source subscriptions.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = toset(local.topics)
  topic    = google_pubsub_topic.dead_letter[each.value].name
  role     = "roles/pubsub.publisher"
  member   = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_forwarder" {
  for_each     = local.subscriptions
  subscription = google_pubsub_subscription.engine[each.key].name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}
