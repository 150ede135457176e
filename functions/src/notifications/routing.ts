import { createHash } from 'node:crypto';
import type { ChannelName, Notification } from './notification.ts';

/** `now` = send at once; `warning` = the 5-minute batch; `digest` = the daily digest. */
export type Delivery = 'now' | 'warning' | 'digest';

export interface Route {
  readonly channel: ChannelName;
  readonly delivery: Delivery;
}

/**
 * Priority routing (design 2.2.0.2): critical → every enabled channel now; warning → the batch of every
 * enabled channel; info → the daily digest, except fills, which email at once as "trade executed" (and
 * still reach the other channels' digests).
 */
export function routeNotification(notification: Notification, enabled: readonly ChannelName[]): Route[] {
  return enabled.map((channel) => ({ channel, delivery: deliveryOf(notification, channel) }));
}

function deliveryOf(notification: Notification, channel: ChannelName): Delivery {
  if (notification.priority === 'critical') return 'now';
  if (notification.priority === 'warning') return 'warning';
  return notification.eventType === 'OrderFilled' && channel === 'email' ? 'now' : 'digest';
}

/**
 * Folds queued notifications into one message. The id hashes the item ids, so a flush that failed half
 * way and runs again produces the same id and the channels that already got it skip it (dedup log).
 */
export function foldBatch(
  bucket: 'warning' | 'digest',
  items: readonly Notification[],
  at: number,
): Notification {
  const sorted = [...items].sort((a, b) => a.occurredAt - b.occurredAt || a.eventId.localeCompare(b.eventId));
  const hash = createHash('sha256')
    .update(sorted.map((item) => item.eventId).join('\n'))
    .digest('hex')
    .slice(0, 24);
  const anyCritical = sorted.some((item) => item.priority === 'critical');
  const title =
    bucket === 'digest'
      ? `Daily summary: ${counted(sorted.length, 'event')}`
      : counted(sorted.length, anyCritical ? 'deferred alert' : 'warning');
  return {
    eventId: `${bucket}-${hash}`,
    eventType: 'NotificationBatch',
    kind: bucket === 'digest' ? 'daily_summary' : dominantKind(sorted),
    priority: bucket === 'digest' ? 'info' : anyCritical ? 'critical' : 'warning',
    title,
    lines: sorted.map((item) => `${new Date(item.occurredAt).toISOString().slice(11, 19)} ${item.title}`),
    occurredAt: at,
    instrumentId: null,
    items: sorted,
  };
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function dominantKind(items: readonly Notification[]): Notification['kind'] {
  if (items.some((item) => item.kind === 'risk_breach')) return 'risk_breach';
  return items[0]?.kind ?? 'system_error';
}
