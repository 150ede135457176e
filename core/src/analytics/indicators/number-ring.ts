/**
 * Fixed-capacity ring of numbers, oldest first. Every window in this folder has a size fixed by config, so
 * overwriting the oldest value keeps memory bounded and avoids an allocation per candle.
 */
export class NumberRing {
  private readonly buf: Float64Array;
  /** Slot of the oldest stored value. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    assertPositiveInt('capacity', capacity);
    this.buf = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `v`, dropping the oldest value once the ring is full. */
  push(v: number): void {
    this.buf[(this.head + this.count) % this.capacity] = v;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** `i = 0` is the oldest stored value, `length - 1` the newest. */
  at(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new RangeError(`ring index ${i} outside [0, ${this.count})`);
    }
    return this.buf[(this.head + i) % this.capacity] as number;
  }

  /** Copy, oldest first; callers that recompute over the whole window use this once per candle. */
  toArray(): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.buf[(this.head + i) % this.capacity] as number;
    return out;
  }
}

/** Config is validated upstream, but classes are also built directly (tests, tools), so fail loudly here. */
export function assertPositiveInt(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

/**
 * True when a spread is only floating-point rounding around its mean: constant non-zero returns come out of
 * Math.log with a sigma of ~1e-19, and dividing by it would turn noise into an extreme statistic.
 */
export function isRoundingNoise(sigma: number, mean: number): boolean {
  return !(sigma > 1e-9 * Math.abs(mean));
}
