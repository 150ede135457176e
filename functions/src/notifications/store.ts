import type { ChannelName, Notification } from './notification.ts';

export type BatchBucket = 'warning' | 'digest';

export interface QueuedNotification {
  /** Document id `bucket:channel:eventId`: re-queueing a redelivered event overwrites, never duplicates. */
  readonly id: string;
  readonly bucket: BatchBucket;
  readonly channel: ChannelName;
  readonly notification: Notification;
  readonly queuedAt: number;
}

export interface SentRecord {
  readonly channel: ChannelName;
  readonly eventId: string;
  readonly kind: Notification['kind'];
  readonly priority: Notification['priority'];
  readonly sentAt: number;
  /** When the TTL policy may delete the record (Firestore TTL on `expireAt`). */
  readonly expireAt: number;
}

/**
 * Dedup log (`notification_log/{channel:eventId}`) and the batch queue (`notification_batches`). The log
 * is written only after a successful send, so a failed send is retried on redelivery.
 */
export interface NotificationStore {
  wasSent(channel: ChannelName, eventId: string): Promise<boolean>;
  /** Creates the log record; false when it already existed (a concurrent delivery sent it too). */
  recordSent(record: SentRecord): Promise<boolean>;
  enqueue(item: Omit<QueuedNotification, 'id'>): Promise<void>;
  queued(bucket: BatchBucket, channel: ChannelName): Promise<QueuedNotification[]>;
  countQueued(bucket: BatchBucket, channel: ChannelName): Promise<number>;
  removeQueued(ids: readonly string[]): Promise<void>;
}

export function logId(channel: ChannelName, eventId: string): string {
  return `${channel}:${eventId}`;
}

export function queueId(bucket: BatchBucket, channel: ChannelName, eventId: string): string {
  return `${bucket}:${channel}:${eventId}`;
}

/** For unit tests and local runs. */
export class InMemoryNotificationStore implements NotificationStore {
  readonly sent = new Map<string, SentRecord>();
  readonly queue = new Map<string, QueuedNotification>();

  wasSent(channel: ChannelName, eventId: string): Promise<boolean> {
    return Promise.resolve(this.sent.has(logId(channel, eventId)));
  }

  recordSent(record: SentRecord): Promise<boolean> {
    const id = logId(record.channel, record.eventId);
    if (this.sent.has(id)) return Promise.resolve(false);
    this.sent.set(id, record);
    return Promise.resolve(true);
  }

  enqueue(item: Omit<QueuedNotification, 'id'>): Promise<void> {
    const id = queueId(item.bucket, item.channel, item.notification.eventId);
    this.queue.set(id, { id, ...item });
    return Promise.resolve();
  }

  queued(bucket: BatchBucket, channel: ChannelName): Promise<QueuedNotification[]> {
    const items = [...this.queue.values()].filter(
      (item) => item.bucket === bucket && item.channel === channel,
    );
    return Promise.resolve(items.sort((a, b) => a.queuedAt - b.queuedAt));
  }

  async countQueued(bucket: BatchBucket, channel: ChannelName): Promise<number> {
    return (await this.queued(bucket, channel)).length;
  }

  removeQueued(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.queue.delete(id);
    return Promise.resolve();
  }
}
