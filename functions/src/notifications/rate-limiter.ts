import type { Clock } from '@engine/core/ports/clock';
import type { ChannelName } from './notification.ts';

export interface RateLimiter {
  /** Takes one send permit for the channel; false = over the limit (the caller defers, never drops). */
  tryTake(channel: ChannelName): boolean;
}

export interface TokenBucketConfig {
  /** Burst size. */
  readonly capacity: number;
  /** Sustained rate. */
  readonly perMinute: number;
}

/** Conservative for the strictest channel (Telegram allows about 20 messages a minute into one group). */
export const DEFAULT_RATE_LIMIT: TokenBucketConfig = { capacity: 10, perMinute: 20 };

/**
 * A token bucket per channel, held in the function instance's memory. Chosen over a Firestore document
 * per channel because the limit protects people from floods, not the vendors' quotas (their 429s are
 * honoured by the retry), and a shared bucket would cost a transaction on every send and contend under
 * exactly the bursts it is for. With `maxInstances` n the worst case is n times the limit; over-limit
 * messages go to the 5-minute batch, which folds them into one message per channel.
 */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<ChannelName, { tokens: number; at: number }>();

  constructor(
    private readonly config: TokenBucketConfig,
    private readonly clock: Clock,
  ) {}

  tryTake(channel: ChannelName): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(channel) ?? { tokens: this.config.capacity, at: now };
    const refill = ((now - bucket.at) / 60_000) * this.config.perMinute;
    bucket.tokens = Math.min(this.config.capacity, bucket.tokens + Math.max(0, refill));
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
