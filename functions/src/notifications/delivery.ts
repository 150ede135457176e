import type { ChannelName, Notification } from './notification.ts';

/** One attempt's result. Expected failures are values; only bugs throw out of a channel. */
export type SendOutcome =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      /** 429, 5xx and network errors: worth another attempt. */
      readonly retryable: boolean;
      /** HTTP status, or 0 for a network error. */
      readonly status: number;
      /** The server's Retry-After, when it sent one. */
      readonly retryAfterMs: number | null;
      readonly detail: string;
    };

export interface NotificationChannel {
  readonly name: ChannelName;
  send(notification: Notification): Promise<SendOutcome>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for inside the function: Pub/Sub redelivers later. */
  readonly maxRetryAfterMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): jitter source, injected so tests are deterministic. */
  readonly random: () => number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'sleep' | 'random'> = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export interface DeliveryResult {
  readonly outcome: SendOutcome;
  readonly attempts: number;
  /** Waits between attempts, in order (for logs and tests). */
  readonly delaysMs: readonly number[];
}

/**
 * Sends with exponential backoff and "equal jitter" (half the step fixed, half random) on retryable
 * failures, waiting at least the server's Retry-After. Gives up after `maxAttempts`, or at once on a
 * non-retryable failure or a Retry-After too long to wait for here.
 */
export async function deliverWithRetry(
  channel: NotificationChannel,
  notification: Notification,
  policy: RetryPolicy,
): Promise<DeliveryResult> {
  const delaysMs: number[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await channel.send(notification);
    if (outcome.ok || !outcome.retryable || attempt >= policy.maxAttempts) {
      return { outcome, attempts: attempt, delaysMs };
    }
    const delay = backoffDelay(attempt, outcome.retryAfterMs, policy);
    if (delay === null) return { outcome, attempts: attempt, delaysMs };
    delaysMs.push(delay);
    await policy.sleep(delay);
  }
}

function backoffDelay(attempt: number, retryAfterMs: number | null, policy: RetryPolicy): number | null {
  if (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs) return null;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(step / 2 + (step / 2) * policy.random());
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** 429 and 5xx are transient; any other 4xx means the request itself is wrong and will stay wrong. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
