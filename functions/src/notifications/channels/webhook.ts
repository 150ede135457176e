import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@engine/core/ports/clock';
import type { NotificationChannel, SendOutcome } from '../delivery.ts';
import type { Notification } from '../notification.ts';
import { webhookBody } from '../render.ts';
import { postJson, type FetchLike } from './http.ts';

export const SIGNATURE_HEADER = 'X-Engine-Signature';
export const TIMESTAMP_HEADER = 'X-Engine-Timestamp';

export interface WebhookConfig {
  readonly url: string;
  readonly signingSecret: string;
}

/** `sha256=` + hex HMAC-SHA256 over `<timestamp>.<raw body>`, timestamp in Unix seconds. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/**
 * How a receiver verifies a delivery: recompute the HMAC over the header timestamp, a '.', and the raw
 * request body bytes (before any JSON parsing), compare in constant time, and reject timestamps older
 * than the tolerance (default 5 minutes) so a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(options: {
  secret: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
  toleranceMs?: number;
}): boolean {
  const { secret, body, signature, timestamp, nowMs } = options;
  if (signature === undefined || timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > (options.toleranceMs ?? 300_000)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Generic JSON webhook (design 5.4) signed with the shared secret. */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(
    private readonly config: WebhookConfig,
    private readonly clock: Clock,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  send(notification: Notification): Promise<SendOutcome> {
    const now = this.clock.now();
    const timestamp = Math.floor(now / 1000);
    const body = JSON.stringify(webhookBody(notification));
    const headers = {
      [SIGNATURE_HEADER]: signWebhook(this.config.signingSecret, timestamp, body),
      [TIMESTAMP_HEADER]: String(timestamp),
      'X-Engine-Event-Id': notification.eventId,
    };
    return postJson(this.fetchImpl, { url: this.config.url, body, headers }, now);
  }
}
