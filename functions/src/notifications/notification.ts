/** What the notification functions send, independent of any channel's wire format. */

/** Design 5.4 event types; a notification's kind is one of these. */
export type NotificationKind =
  'trade_executed' | 'watchlist_expiring' | 'risk_breach' | 'system_error' | 'daily_summary';

/** Design 2.2.0.2: critical goes out at once, warnings in 5-minute batches, info in the daily digest. */
export type Priority = 'critical' | 'warning' | 'info';

export type ChannelName = 'email' | 'telegram' | 'discord' | 'webhook';

export const CHANNEL_NAMES: readonly ChannelName[] = ['email', 'telegram', 'discord', 'webhook'];

export interface Notification {
  /** The source event's id, or a batch id derived from its items; the dedup key with the channel. */
  readonly eventId: string;
  /** Engine event type, or `NotificationBatch` for batches and digests. */
  readonly eventType: string;
  readonly kind: NotificationKind;
  readonly priority: Priority;
  readonly title: string;
  /** Plain-text detail lines (`label: value`); channels escape them for their markup. */
  readonly lines: readonly string[];
  /** Venue time of the fact (ms). */
  readonly occurredAt: number;
  readonly instrumentId: string | null;
  /** The notifications a batch or digest folds together (empty for a single event). */
  readonly items: readonly Notification[];
}
