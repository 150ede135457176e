import { onMessagePublished, type MessagePublishedData } from 'firebase-functions/v2/pubsub';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import type { CloudEvent } from 'firebase-functions/v2';
import type { TopicName } from '@engine/core/events/topics';
import {
  flushWarningBatches,
  handleEngineMessage,
  sendDailyDigest,
  type NotificationDeps,
} from './handlers.ts';
import { FUNCTIONS_REGION, FUNCTIONS_SERVICE_ACCOUNT } from '../params.ts';
import { NOTIFICATION_SECRETS } from './params.ts';

export type NotificationDepsProvider = () => Promise<NotificationDeps>;

/** Builds once per instance and keeps the result (the rate limiter lives in it); a failed build retries. */
export function lazyNotificationDeps(factory: () => Promise<NotificationDeps>): NotificationDepsProvider {
  let pending: Promise<NotificationDeps> | null = null;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** Pub/Sub hands the body base64-encoded in the CloudEvent. */
export function messageOf(event: CloudEvent<MessagePublishedData>) {
  const { message } = event.data;
  return { data: Buffer.from(message.data, 'base64'), attributes: message.attributes ?? {} };
}

/**
 * Spelled out instead of relying on setGlobalOptions: functions/src/index.ts re-exports this module with
 * `export *`, which ESM evaluates before index.ts's own setGlobalOptions call.
 */
const COMMON = {
  region: FUNCTIONS_REGION,
  serviceAccount: FUNCTIONS_SERVICE_ACCOUNT,
  maxInstances: 10,
  secrets: NOTIFICATION_SECRETS,
};

function onTopic(topic: TopicName, deps: NotificationDepsProvider) {
  // retry: a thrown transient failure makes Pub/Sub redeliver; the dedup log stops repeats.
  return onMessagePublished({ ...COMMON, topic, retry: true }, async (event) => {
    await handleEngineMessage(await deps(), messageOf(event));
  });
}

/** The notification functions, bound to one dependency provider (production or a test's fakes). */
export function buildNotificationFunctions(deps: NotificationDepsProvider) {
  return {
    notifyOnAlert: onTopic('engine-alerts', deps),
    notifyOnFill: onTopic('engine-fills', deps),
    notifyOnPosition: onTopic('engine-positions', deps),
    flushWarningBatch: onSchedule(
      { schedule: 'every 5 minutes', timeZone: 'UTC', retryCount: 0, ...COMMON },
      async () => {
        await flushWarningBatches(await deps());
      },
    ),
    dailyDigest: onSchedule(
      { schedule: '10 0 * * *', timeZone: 'UTC', retryCount: 2, ...COMMON },
      async () => {
        await sendDailyDigest(await deps());
      },
    ),
  };
}
