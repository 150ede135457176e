/**
 * Consumer idempotency: which events a subscription has already handled. Pub/Sub delivers at least once,
 * so a redelivered event that is already recorded is acknowledged without running the handler again.
 */
export interface ProcessedEventStore {
  seen(subscription: string, eventId: string): Promise<boolean>;
  /** Records the event; false when it was already recorded (another consumer won the race). */
  markProcessed(subscription: string, eventId: string): Promise<boolean>;
}

export function processedEventKey(subscription: string, eventId: string): string {
  return `${subscription}:${eventId}`;
}

/**
 * Bounded in-memory record (least recently used evicted first). Enough for one process: redeliveries
 * arrive within minutes, long before `capacity` newer events push an id out.
 */
export class InMemoryProcessedEventStore implements ProcessedEventStore {
  private readonly keys = new Map<string, true>();

  constructor(private readonly capacity = 100_000) {}

  seen(subscription: string, eventId: string): Promise<boolean> {
    const key = processedEventKey(subscription, eventId);
    if (!this.keys.has(key)) return Promise.resolve(false);
    this.keys.delete(key);
    this.keys.set(key, true);
    return Promise.resolve(true);
  }

  markProcessed(subscription: string, eventId: string): Promise<boolean> {
    const key = processedEventKey(subscription, eventId);
    const first = !this.keys.has(key);
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (oldest.done === true) break;
      this.keys.delete(oldest.value);
    }
    return Promise.resolve(first);
  }

  size(): number {
    return this.keys.size;
  }
}
