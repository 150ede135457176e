import type { Side } from '../../domain/ticks.ts';

/**
 * Growable ring buffer of trades in struct-of-arrays form. Entries are addressed by an absolute sequence
 * number, so several trailing windows can keep their own start cursor into the same storage.
 */
export class TickRing {
  private capacity: number;
  private mask: number;
  private tsArr: Float64Array;
  private priceArr: Float64Array;
  private qtyArr: Float64Array;
  private sideArr: Int8Array;
  /** Sequence number of the oldest entry still stored, and of the next entry to be written. */
  private first = 0;
  private end = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = nextPowerOfTwo(initialCapacity);
    this.mask = this.capacity - 1;
    this.tsArr = new Float64Array(this.capacity);
    this.priceArr = new Float64Array(this.capacity);
    this.qtyArr = new Float64Array(this.capacity);
    this.sideArr = new Int8Array(this.capacity);
  }

  get start(): number {
    return this.first;
  }
  get next(): number {
    return this.end;
  }
  get size(): number {
    return this.end - this.first;
  }
  get allocated(): number {
    return this.capacity;
  }

  push(ts: number, price: number, qty: number, side: Side): number {
    if (this.end - this.first === this.capacity) this.grow();
    const slot = this.end & this.mask;
    this.tsArr[slot] = ts;
    this.priceArr[slot] = price;
    this.qtyArr[slot] = qty;
    this.sideArr[slot] = side === 'buy' ? 1 : -1;
    return this.end++;
  }

  /** Forgets entries before `seq`; the longest window calls this as it slides. */
  releaseBefore(seq: number): void {
    if (seq > this.first) this.first = Math.min(seq, this.end);
  }

  ts(seq: number): number {
    return this.tsArr[seq & this.mask] as number;
  }
  price(seq: number): number {
    return this.priceArr[seq & this.mask] as number;
  }
  qty(seq: number): number {
    return this.qtyArr[seq & this.mask] as number;
  }
  /** +1 buy aggressor, -1 sell aggressor. */
  sign(seq: number): number {
    return this.sideArr[seq & this.mask] as number;
  }

  private grow(): void {
    const bigger = this.capacity * 2;
    const newMask = bigger - 1;
    const ts = new Float64Array(bigger);
    const price = new Float64Array(bigger);
    const qty = new Float64Array(bigger);
    const side = new Int8Array(bigger);
    for (let seq = this.first; seq < this.end; seq++) {
      const from = seq & this.mask;
      const to = seq & newMask;
      ts[to] = this.tsArr[from] as number;
      price[to] = this.priceArr[from] as number;
      qty[to] = this.qtyArr[from] as number;
      side[to] = this.sideArr[from] as number;
    }
    this.tsArr = ts;
    this.priceArr = price;
    this.qtyArr = qty;
    this.sideArr = side;
    this.capacity = bigger;
    this.mask = newMask;
  }
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
