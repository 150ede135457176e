import type { PubSub } from '@google-cloud/pubsub';
import { SUBSCRIPTIONS, TOPICS, deadLetterTopic, type TopicName } from '../../events/topics.ts';
import { DEFAULT_MAX_DELIVERY_ATTEMPTS } from './delivery.ts';

/**
 * Settings of every engine subscription. Terraform (infra/) declares the same values for production; this
 * code creates them only for the emulator and the local stack.
 */
export interface SubscriptionSettings {
  readonly ackDeadlineSeconds: number;
  readonly maxDeliveryAttempts: number;
  readonly minimumBackoffSeconds: number;
  readonly maximumBackoffSeconds: number;
  readonly messageRetentionSeconds: number;
}

export const DEFAULT_SUBSCRIPTION_SETTINGS: SubscriptionSettings = {
  ackDeadlineSeconds: 60,
  maxDeliveryAttempts: DEFAULT_MAX_DELIVERY_ATTEMPTS,
  minimumBackoffSeconds: 10,
  maximumBackoffSeconds: 600,
  messageRetentionSeconds: 7 * 24 * 3600,
};

/**
 * Holds dead letters until an operator reads them (Pub/Sub drops messages on a topic nobody subscribes
 * to). Same name as `dead_letter_inspection` in infra/pubsub.tf.
 */
export function deadLetterSubscription(topic: TopicName): string {
  return `${deadLetterTopic(topic)}-inspect`;
}

/** The most a subscription may keep messages (Pub/Sub rejects more with INVALID_ARGUMENT). */
const DEAD_LETTER_RETENTION_SECONDS = 7 * 24 * 3600;

const ALREADY_EXISTS = 6;

/**
 * Creates the topics, their `-dlq` topics with a holding subscription each, and the given subscriptions
 * with message ordering, a dead-letter policy and a retry policy. Idempotent.
 */
export async function ensureTopology(
  pubsub: PubSub,
  subscriptions: Readonly<Record<string, TopicName>> = SUBSCRIPTIONS,
  settings: SubscriptionSettings = DEFAULT_SUBSCRIPTION_SETTINGS,
): Promise<void> {
  await Promise.all(
    TOPICS.map(async (topic) => {
      await ignoreExisting(pubsub.createTopic(topic));
      await ignoreExisting(pubsub.createTopic(deadLetterTopic(topic)));
      await ignoreExisting(
        pubsub.topic(deadLetterTopic(topic)).createSubscription(deadLetterSubscription(topic), {
          ackDeadlineSeconds: settings.ackDeadlineSeconds,
          messageRetentionDuration: { seconds: DEAD_LETTER_RETENTION_SECONDS },
        }),
      );
    }),
  );
  await Promise.all(
    Object.entries(subscriptions).map(([name, topic]) =>
      ignoreExisting(
        pubsub.topic(topic).createSubscription(name, subscriptionOptions(pubsub, topic, settings)),
      ),
    ),
  );
}

export function subscriptionOptions(pubsub: PubSub, topic: TopicName, settings: SubscriptionSettings) {
  return {
    enableMessageOrdering: true,
    ackDeadlineSeconds: settings.ackDeadlineSeconds,
    messageRetentionDuration: { seconds: settings.messageRetentionSeconds },
    deadLetterPolicy: {
      deadLetterTopic: pubsub.topic(deadLetterTopic(topic)).name,
      maxDeliveryAttempts: settings.maxDeliveryAttempts,
    },
    retryPolicy: {
      minimumBackoff: { seconds: settings.minimumBackoffSeconds },
      maximumBackoff: { seconds: settings.maximumBackoffSeconds },
    },
  };
}

async function ignoreExisting(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code !== ALREADY_EXISTS) throw error;
  }
}
