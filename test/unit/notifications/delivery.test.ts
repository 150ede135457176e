import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import {
  DEFAULT_RETRY,
  deliverWithRetry,
  parseRetryAfter,
  type NotificationChannel,
  type RetryPolicy,
  type SendOutcome,
} from '../../../functions/src/notifications/delivery.ts';
import type { Notification } from '../../../functions/src/notifications/notification.ts';
import { TokenBucketLimiter } from '../../../functions/src/notifications/rate-limiter.ts';

const NOTE: Notification = {
  eventId: 'e1',
  eventType: 'MarketDataConnectionLost',
  kind: 'system_error',
  priority: 'critical',
  title: 't',
  lines: [],
  occurredAt: 0,
  instrumentId: null,
  items: [],
};

const fail = (status: number, retryAfterMs: number | null = null): SendOutcome => ({
  ok: false,
  retryable: status === 0 || status === 429 || status >= 500,
  status,
  retryAfterMs,
  detail: `status ${status}`,
});

function scripted(...outcomes: SendOutcome[]): NotificationChannel & { calls: number } {
  const channel = {
    name: 'telegram' as const,
    calls: 0,
    send: () => {
      channel.calls += 1;
      return Promise.resolve(outcomes.shift() ?? { ok: true as const, status: 200 });
    },
  };
  return channel;
}

function policy(random: number, sleeps: number[]): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => random,
  };
}

describe('deliverWithRetry', () => {
  it('backs off exponentially with equal jitter until the send succeeds', async () => {
    const sleeps: number[] = [];
    const channel = scripted(fail(500), fail(502), fail(0));
    const result = await deliverWithRetry(channel, NOTE, policy(0, sleeps));
    expect(result.outcome.ok).toBe(true);
    expect(channel.calls).toBe(4);
    // base 500 ms doubling; random 0 keeps the fixed half of each step.
    expect(sleeps).toEqual([250, 500, 1000]);
    const upper: number[] = [];
    await deliverWithRetry(scripted(fail(500), fail(500)), NOTE, policy(0.999999, upper));
    expect(upper).toEqual([500, 1000]);
  });

  it('waits at least the server Retry-After on a 429', async () => {
    const sleeps: number[] = [];
    const result = await deliverWithRetry(scripted(fail(429, 7_000)), NOTE, policy(0.5, sleeps));
    expect(result.outcome.ok).toBe(true);
    expect(sleeps).toEqual([7_000]);
  });

  it('does not retry a 400', async () => {
    const sleeps: number[] = [];
    const channel = scripted(fail(400));
    const result = await deliverWithRetry(channel, NOTE, policy(0.5, sleeps));
    expect(result).toMatchObject({ attempts: 1, outcome: { ok: false, status: 400, retryable: false } });
    expect(channel.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the last attempt with the last failure', async () => {
    const channel = scripted(fail(503), fail(503), fail(503), fail(503), fail(503));
    const result = await deliverWithRetry(channel, NOTE, policy(0.5, []));
    expect(result).toMatchObject({ attempts: 4, outcome: { ok: false, status: 503 } });
    expect(channel.calls).toBe(4);
  });

  it('leaves a Retry-After longer than the in-function limit to Pub/Sub redelivery', async () => {
    const sleeps: number[] = [];
    const channel = scripted(fail(429, 120_000));
    const result = await deliverWithRetry(channel, NOTE, policy(0.5, sleeps));
    expect(result).toMatchObject({ attempts: 1, outcome: { ok: false, status: 429 } });
    expect(sleeps).toEqual([]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('TokenBucketLimiter', () => {
  it('allows a burst, refuses beyond it and refills at the sustained rate, per channel', () => {
    const clock = new ManualClock(0);
    const limiter = new TokenBucketLimiter({ capacity: 3, perMinute: 6 }, clock);
    expect([1, 2, 3, 4].map(() => limiter.tryTake('email'))).toEqual([true, true, true, false]);
    expect(limiter.tryTake('discord')).toBe(true);
    clock.set(9_999);
    expect(limiter.tryTake('email')).toBe(false);
    clock.set(10_000);
    expect(limiter.tryTake('email')).toBe(true);
    expect(limiter.tryTake('email')).toBe(false);
  });
});
