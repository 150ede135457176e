import type { EngineEvent } from '@engine/core/events/events';
import { decodeEvent, type DecodeFailureReason } from '@engine/core/adapters/pubsub/event-codec';
import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import { classifyEvent } from './classify.ts';
import { deliverWithRetry, type NotificationChannel, type RetryPolicy } from './delivery.ts';
import type { ChannelName, Notification } from './notification.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { foldBatch, routeNotification, type Route } from './routing.ts';
import type { BatchBucket, NotificationStore } from './store.ts';

/** Everything the notification handlers touch; tests pass fakes, `productionNotificationDeps` real ones. */
export interface NotificationDeps {
  readonly store: NotificationStore;
  /** Enabled channels only. */
  readonly channels: readonly NotificationChannel[];
  readonly limiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Warnings queued for one channel that trigger an immediate flush (design: 10). */
  readonly batchThreshold: number;
  /** How long `notification_log` records live (their `expireAt`). */
  readonly dedupTtlMs: number;
}

export const DEFAULT_BATCH_THRESHOLD = 10;
export const DEFAULT_DEDUP_TTL_MS = 30 * 86_400_000;
/** Items folded into one batch message; a longer queue is sent in several. */
export const MAX_BATCH_ITEMS = 100;

export type ChannelOutcome =
  | 'sent'
  | 'duplicate'
  | 'queued_warning'
  | 'queued_digest'
  | 'deferred_rate_limit'
  | 'failed_permanent'
  | 'failed_transient';

export interface ChannelResult {
  readonly channel: ChannelName;
  readonly outcome: ChannelOutcome;
  readonly attempts: number;
}

export type MessageResult =
  | { readonly status: 'poison'; readonly reasonCode: DecodeFailureReason; readonly detail: string }
  | { readonly status: 'ignored'; readonly eventType: string }
  | { readonly status: 'handled'; readonly eventId: string; readonly results: readonly ChannelResult[] };

/** Thrown after every channel was tried when at least one failed transiently: Pub/Sub redelivers. */
export class NotificationDeliveryError extends Error {
  constructor(readonly failures: readonly ChannelResult[]) {
    super(`notification delivery failed on ${failures.map((f) => f.channel).join(', ')}`);
    this.name = 'NotificationDeliveryError';
  }
}

export interface PubSubMessageInput {
  /** The message body bytes (the CloudEvent's base64 `message.data`, decoded). */
  readonly data: Uint8Array;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Entry point of the Pub/Sub triggers. A message that does not decode is logged and acknowledged (it
 * would fail the same way on every redelivery); a transient channel failure throws so Pub/Sub redelivers,
 * and channels that already succeeded skip the event then through the dedup log.
 */
export async function handleEngineMessage(
  deps: NotificationDeps,
  message: PubSubMessageInput,
): Promise<MessageResult> {
  const decoded = decodeEvent(message.data, message.attributes);
  if (!decoded.ok) {
    deps.logger.log('error', 'undecodable notification message dropped', {
      reasonCode: decoded.reasonCode,
      detail: decoded.detail,
      attributes: message.attributes,
    });
    return { status: 'poison', reasonCode: decoded.reasonCode, detail: decoded.detail };
  }
  return handleEngineEvent(deps, decoded.event);
}

export async function handleEngineEvent(deps: NotificationDeps, event: EngineEvent): Promise<MessageResult> {
  const notification = classifyEvent(event);
  if (notification === null) return { status: 'ignored', eventType: event.type };
  const enabled = deps.channels.map((channel) => channel.name);
  const results = await Promise.all(
    routeNotification(notification, enabled).map((route) => routeOne(deps, notification, route)),
  );
  const failures = results.filter((result) => result.outcome === 'failed_transient');
  if (failures.length > 0) throw new NotificationDeliveryError(failures);
  return { status: 'handled', eventId: notification.eventId, results };
}

async function routeOne(
  deps: NotificationDeps,
  notification: Notification,
  route: Route,
): Promise<ChannelResult> {
  const { channel } = route;
  if (route.delivery === 'digest') {
    await enqueue(deps, 'digest', channel, notification);
    return { channel, outcome: 'queued_digest', attempts: 0 };
  }
  if (route.delivery === 'warning') {
    await enqueue(deps, 'warning', channel, notification);
    const queued = await deps.store.countQueued('warning', channel);
    if (queued >= deps.batchThreshold) {
      const flushed = await flushChannel(deps, 'warning', channel);
      if (flushed.outcome === 'failed_transient') return flushed;
    }
    return { channel, outcome: 'queued_warning', attempts: 0 };
  }
  if (await deps.store.wasSent(channel, notification.eventId))
    return { channel, outcome: 'duplicate', attempts: 0 };
  if (!deps.limiter.tryTake(channel)) {
    // Over the limit: the 5-minute batch carries it, folded with whatever else piles up meanwhile.
    await enqueue(deps, 'warning', channel, notification);
    deps.logger.log('warn', 'notification deferred by rate limit', {
      channel,
      eventId: notification.eventId,
    });
    return { channel, outcome: 'deferred_rate_limit', attempts: 0 };
  }
  return send(deps, channelNamed(deps, channel), notification);
}

function enqueue(
  deps: NotificationDeps,
  bucket: BatchBucket,
  channel: ChannelName,
  notification: Notification,
) {
  return deps.store.enqueue({ bucket, channel, notification, queuedAt: deps.clock.now() });
}

function channelNamed(deps: NotificationDeps, name: ChannelName): NotificationChannel {
  const channel = deps.channels.find((candidate) => candidate.name === name);
  if (channel === undefined) throw new Error(`channel ${name} is not configured`);
  return channel;
}

/** Sends with retries and writes the dedup record only after the channel accepted the message. */
async function send(
  deps: NotificationDeps,
  channel: NotificationChannel,
  notification: Notification,
): Promise<ChannelResult> {
  const { outcome, attempts, delaysMs } = await deliverWithRetry(channel, notification, deps.retry);
  const context = { channel: channel.name, eventId: notification.eventId, kind: notification.kind, attempts };
  if (outcome.ok) {
    const sentAt = deps.clock.now();
    await deps.store.recordSent({
      channel: channel.name,
      eventId: notification.eventId,
      kind: notification.kind,
      priority: notification.priority,
      sentAt,
      expireAt: sentAt + deps.dedupTtlMs,
    });
    deps.logger.log('info', 'notification sent', context);
    return { channel: channel.name, outcome: 'sent', attempts };
  }
  const failure = { ...context, status: outcome.status, detail: outcome.detail, delaysMs };
  if (!outcome.retryable) {
    // Redelivery cannot fix a rejected request (bad key, bad chat id): log it loudly and move on.
    deps.logger.log('error', 'notification rejected by channel', failure);
    return { channel: channel.name, outcome: 'failed_permanent', attempts };
  }
  deps.logger.log('warn', 'notification delivery failed, will be retried', failure);
  return { channel: channel.name, outcome: 'failed_transient', attempts };
}

/**
 * Sends a channel's queue as batch messages of up to MAX_BATCH_ITEMS and removes what was sent. On a
 * failure the remaining items stay queued for the next run.
 */
async function flushChannel(
  deps: NotificationDeps,
  bucket: BatchBucket,
  name: ChannelName,
): Promise<ChannelResult> {
  const channel = channelNamed(deps, name);
  const queued = await deps.store.queued(bucket, name);
  let last: ChannelResult = { channel: name, outcome: 'duplicate', attempts: 0 };
  for (let start = 0; start < queued.length; start += MAX_BATCH_ITEMS) {
    const chunk = queued.slice(start, start + MAX_BATCH_ITEMS);
    const batch = foldBatch(
      bucket,
      chunk.map((item) => item.notification),
      deps.clock.now(),
    );
    last = (await deps.store.wasSent(name, batch.eventId))
      ? { channel: name, outcome: 'duplicate', attempts: 0 }
      : await send(deps, channel, batch);
    if (last.outcome !== 'sent' && last.outcome !== 'duplicate') return last;
    await deps.store.removeQueued(chunk.map((item) => item.id));
  }
  return last;
}

export interface FlushResult {
  readonly bucket: BatchBucket;
  readonly results: readonly ChannelResult[];
}

async function flushAll(deps: NotificationDeps, bucket: BatchBucket): Promise<FlushResult> {
  const results: ChannelResult[] = [];
  for (const channel of deps.channels) {
    if ((await deps.store.countQueued(bucket, channel.name)) === 0) continue;
    results.push(await flushChannel(deps, bucket, channel.name));
  }
  const failures = results.filter((result) => result.outcome === 'failed_transient');
  if (failures.length > 0) throw new NotificationDeliveryError(failures);
  return { bucket, results };
}

/** The 5-minute job: warnings and rate-limited messages, one message per channel. */
export function flushWarningBatches(deps: NotificationDeps): Promise<FlushResult> {
  return flushAll(deps, 'warning');
}

/** The 00:10 UTC job: the info events of the day as one `daily_summary` per channel. */
export function sendDailyDigest(deps: NotificationDeps): Promise<FlushResult> {
  return flushAll(deps, 'digest');
}
