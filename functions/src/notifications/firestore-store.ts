import type { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { ChannelName, Notification } from './notification.ts';
import {
  logId,
  queueId,
  type BatchBucket,
  type NotificationStore,
  type QueuedNotification,
  type SentRecord,
} from './store.ts';

const LOG = 'notification_log';
const BATCHES = 'notification_batches';
/** gRPC ALREADY_EXISTS: `create()` on an existing document. */
const ALREADY_EXISTS = 6;

const notificationSchema = z.object({
  eventId: z.string(),
  eventType: z.string(),
  kind: z.enum(['trade_executed', 'watchlist_expiring', 'risk_breach', 'system_error', 'daily_summary']),
  priority: z.enum(['critical', 'warning', 'info']),
  title: z.string(),
  lines: z.array(z.string()),
  occurredAt: z.number(),
  instrumentId: z.string().nullable(),
});

const queuedSchema = z.object({
  bucket: z.enum(['warning', 'digest']),
  channel: z.enum(['email', 'telegram', 'discord', 'webhook']),
  notification: notificationSchema,
  queuedAt: z.number(),
});

/** Queued items are single events: their `items` are always empty and are not stored. */
function storedNotification(notification: Notification): Omit<Notification, 'items'> {
  const { items: _items, ...rest } = notification;
  return rest;
}

/**
 * `notification_log/{channel:eventId}` {channel, eventId, kind, priority, sentAt, expireAt (Date, the
 * TTL field)} and `notification_batches/{bucket:channel:eventId}` {bucket, channel, notification,
 * queuedAt}. Queries use equality filters only, so no composite index is needed.
 */
export class FirestoreNotificationStore implements NotificationStore {
  constructor(private readonly db: Firestore) {}

  async wasSent(channel: ChannelName, eventId: string): Promise<boolean> {
    const snapshot = await this.db.collection(LOG).doc(logId(channel, eventId)).get();
    return snapshot.exists;
  }

  async recordSent(record: SentRecord): Promise<boolean> {
    try {
      await this.db
        .collection(LOG)
        .doc(logId(record.channel, record.eventId))
        .create({ ...record, expireAt: new Date(record.expireAt) });
      return true;
    } catch (error: unknown) {
      if ((error as { code?: unknown }).code === ALREADY_EXISTS) return false;
      throw error;
    }
  }

  async enqueue(item: Omit<QueuedNotification, 'id'>): Promise<void> {
    const id = queueId(item.bucket, item.channel, item.notification.eventId);
    await this.db
      .collection(BATCHES)
      .doc(id)
      .set({ ...item, notification: storedNotification(item.notification) });
  }

  async queued(bucket: BatchBucket, channel: ChannelName): Promise<QueuedNotification[]> {
    const snapshot = await this.query(bucket, channel).get();
    const items = snapshot.docs.map((doc) => {
      const data = queuedSchema.parse(doc.data());
      return { id: doc.id, ...data, notification: { ...data.notification, items: [] } };
    });
    return items.sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
  }

  async countQueued(bucket: BatchBucket, channel: ChannelName): Promise<number> {
    const snapshot = await this.query(bucket, channel).count().get();
    return snapshot.data().count;
  }

  async removeQueued(ids: readonly string[]): Promise<void> {
    // A WriteBatch holds at most 500 writes.
    for (let start = 0; start < ids.length; start += 500) {
      const batch = this.db.batch();
      for (const id of ids.slice(start, start + 500)) batch.delete(this.db.collection(BATCHES).doc(id));
      await batch.commit();
    }
  }

  private query(bucket: BatchBucket, channel: ChannelName) {
    return this.db.collection(BATCHES).where('bucket', '==', bucket).where('channel', '==', channel);
  }
}
