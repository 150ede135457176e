/**
 * Maximum (or minimum) of the values pushed over a trailing event-time window, O(1) amortized per push:
 * a monotonic deque keeps only the values that can still become the extreme once older ones leave the
 * window. Storage is a growable circular buffer capped at `maxLength`; past the cap the oldest candidate is
 * dropped, so under an absurd reading rate the extreme may be taken over a slightly shorter window.
 */
export class RollingExtreme {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    private readonly mode: 'max' | 'min',
    private readonly windowMs: number,
    private readonly maxLength: number,
    initialCapacity = 16,
  ) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
    if (!Number.isInteger(maxLength) || maxLength < 2) {
      throw new RangeError(`maxLength must be an integer >= 2, got ${maxLength}`);
    }
    const capacity = Math.min(initialCapacity, maxLength);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a reading at `ts` (non-decreasing) and forgets readings older than `ts - windowMs`. */
  push(ts: number, value: number): void {
    while (this.count > 0 && !this.beats(this.valueAt(this.count - 1), value)) this.count--;
    if (this.count === this.times.length) this.makeRoom();
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = ts;
    this.values[slot] = value;
    this.count++;
    this.evict(ts);
  }

  /** The extreme over the window ending at the last push; undefined before any push. */
  extreme(): number | undefined {
    return this.count === 0 ? undefined : this.valueAt(0);
  }

  /** Event time of the reading that holds the extreme. */
  extremeTs(): number | undefined {
    return this.count === 0 ? undefined : (this.times[this.head] as number);
  }

  private evict(now: number): void {
    const oldest = now - this.windowMs;
    while (this.count > 0 && (this.times[this.head] as number) < oldest) this.dropFront();
  }

  /** Ties keep the newer reading: it stays in the window longer. */
  private beats(older: number, newer: number): boolean {
    return this.mode === 'max' ? older > newer : older < newer;
  }

  private makeRoom(): void {
    const capacity = this.times.length;
    if (capacity >= this.maxLength) {
      this.dropFront();
      return;
    }
    const next = Math.min(capacity * 2, this.maxLength);
    const times = new Float64Array(next);
    const values = new Float64Array(next);
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % capacity;
      times[i] = this.times[slot] as number;
      values[i] = this.values[slot] as number;
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }

  private dropFront(): void {
    this.head = (this.head + 1) % this.times.length;
    this.count--;
  }

  private valueAt(i: number): number {
    return this.values[(this.head + i) % this.values.length] as number;
  }
}
