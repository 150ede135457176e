/** Beyond this many buckets around the traded range, prices go to a sparse overflow map instead. */
const MAX_DENSE_BUCKETS = 1 << 16;

/**
 * Volume and trade count per integer price bucket. Buckets live in a dense array around the traded range
 * (array indexing instead of hashing on every trade); an absurd print far outside that range (a fat
 * finger) goes to a small sparse map so it cannot blow the array up.
 */
export class PriceLadder {
  private origin = 0;
  private volumes = new Float64Array(0);
  private trades = new Int32Array(0);
  private readonly overflow = new Map<number, { volume: number; trades: number }>();

  add(key: number, qty: number): void {
    let i = key - this.origin;
    if (i < 0 || i >= this.volumes.length) {
      if (!this.fit(key)) {
        const slot = this.overflow.get(key);
        if (slot) {
          slot.volume += qty;
          slot.trades++;
        } else this.overflow.set(key, { volume: qty, trades: 1 });
        return;
      }
      i = key - this.origin;
    }
    this.volumes[i] = (this.volumes[i] as number) + qty;
    this.trades[i] = (this.trades[i] as number) + 1;
  }

  remove(key: number, qty: number): void {
    const i = key - this.origin;
    if (i >= 0 && i < this.volumes.length && (this.trades[i] as number) > 0) {
      const left = (this.trades[i] as number) - 1;
      this.trades[i] = left;
      // An emptied bucket is exactly zero, whatever rounding the subtractions left behind.
      this.volumes[i] = left === 0 ? 0 : (this.volumes[i] as number) - qty;
      return;
    }
    const slot = this.overflow.get(key);
    if (!slot) return;
    if (--slot.trades <= 0) this.overflow.delete(key);
    else slot.volume -= qty;
  }

  clear(): void {
    this.volumes.fill(0);
    this.trades.fill(0);
    this.overflow.clear();
  }

  /** Occupied buckets in ascending key order. */
  occupied(): { keys: number[]; volumes: number[] } {
    const keys: number[] = [];
    const volumes: number[] = [];
    for (const [key, slot] of this.overflow)
      if (key < this.origin) pushSorted(keys, volumes, key, slot.volume);
    for (let i = 0; i < this.trades.length; i++) {
      if ((this.trades[i] as number) > 0) {
        keys.push(this.origin + i);
        volumes.push(this.volumes[i] as number);
      }
    }
    for (const [key, slot] of this.overflow)
      if (key >= this.origin) pushSorted(keys, volumes, key, slot.volume);
    return { keys, volumes };
  }

  /** Grows the dense array to cover `key` (with headroom); false when that would exceed the cap. */
  private fit(key: number): boolean {
    const length = this.volumes.length;
    if (length === 0) {
      this.allocate(key - 64, 128);
      return true;
    }
    const low = Math.min(this.origin, key);
    const high = Math.max(this.origin + length - 1, key);
    const needed = high - low + 1;
    if (needed > MAX_DENSE_BUCKETS) return false;
    const size = Math.min(MAX_DENSE_BUCKETS, Math.max(needed * 2, length * 2));
    const origin = low - Math.floor((size - needed) / 2);
    this.allocate(origin, size);
    return true;
  }

  private allocate(origin: number, size: number): void {
    const volumes = new Float64Array(size);
    const trades = new Int32Array(size);
    for (let i = 0; i < this.volumes.length; i++) {
      if ((this.trades[i] as number) === 0) continue;
      const j = this.origin + i - origin;
      volumes[j] = this.volumes[i] as number;
      trades[j] = this.trades[i] as number;
    }
    this.origin = origin;
    this.volumes = volumes;
    this.trades = trades;
  }
}

/** Inserts into the parallel arrays keeping keys ascending (overflow buckets are few). */
function pushSorted(keys: number[], volumes: number[], key: number, volume: number): void {
  let at = keys.length;
  while (at > 0 && (keys[at - 1] as number) > key) at--;
  keys.splice(at, 0, key);
  volumes.splice(at, 0, volume);
}
