export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 10_000, factor: 2 };

export type Sleep = (ms: number) => Promise<void>;

export const timerSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export interface WriteQueueStats {
  readonly pending: number;
  readonly written: number;
  /** Failed attempts (each retried), not lost writes: nothing is ever dropped. */
  readonly failedAttempts: number;
}

/**
 * Durable writes, in order per key and concurrent across keys. A failed write is retried with capped
 * exponential backoff until it succeeds, and later writes of the same key wait behind it, so the store
 * never sees an older state after a newer one. `enqueue` returns at once: callers on the tick path never
 * wait for storage.
 */
export class KeyedWriteQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private waiters: (() => void)[] = [];
  private pendingCount = 0;
  private writtenCount = 0;
  private failures = 0;

  constructor(
    private readonly retry: RetryPolicy,
    private readonly sleep: Sleep,
    private readonly onFailure: (key: string, attempt: number, error: unknown) => void,
  ) {}

  enqueue(key: string, write: () => Promise<void>): void {
    this.pendingCount += 1;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.untilWritten(key, write))
      .finally(() => {
        this.pendingCount -= 1;
        if (this.tails.get(key) === next) this.tails.delete(key);
        if (this.pendingCount === 0) this.wakeWaiters();
      });
    this.tails.set(key, next);
  }

  /** Resolves once every write enqueued so far (and any enqueued meanwhile) has landed. */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stats(): WriteQueueStats {
    return { pending: this.pendingCount, written: this.writtenCount, failedAttempts: this.failures };
  }

  private async untilWritten(key: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        this.writtenCount += 1;
        return;
      } catch (error: unknown) {
        this.failures += 1;
        this.report(key, attempt, error);
        const { initialDelayMs, factor, maxDelayMs } = this.retry;
        await this.sleep(Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1)));
      }
    }
  }

  /** A throwing reporter must not break the chain: the key's later writes would never run. */
  private report(key: string, attempt: number, error: unknown): void {
    try {
      this.onFailure(key, attempt, error);
    } catch {
      // Reporting is best effort; the retry goes on regardless.
    }
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
