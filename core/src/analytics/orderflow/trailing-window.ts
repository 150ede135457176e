import type { TickRing } from './tick-ring.ts';

/** Something that folds trades into a running aggregate and can take them out again. */
export interface WindowAccumulator {
  add(ring: TickRing, seq: number): void;
  remove(ring: TickRing, seq: number): void;
  reset(): void;
}

/** Running removals after which the aggregate is rebuilt from the ring, bounding floating-point drift. */
const REBUILD_EVERY_REMOVALS = 1 << 16;

/**
 * A trailing time window (now - length, now] over a shared TickRing. Each trade is added once and
 * removed once, so the cost per trade is O(1) amortized whatever the window length.
 */
export class TrailingWindow {
  private cursor: number;
  /** One past the last trade added to this window (the ring may already hold a newer, unadded one). */
  private end: number;
  private removalsSinceRebuild = 0;

  constructor(
    private readonly ring: TickRing,
    readonly lengthMs: number,
    private readonly accumulators: readonly WindowAccumulator[],
  ) {
    this.cursor = ring.next;
    this.end = ring.next;
  }

  /** First sequence number still inside the window. */
  get startSeq(): number {
    return this.cursor;
  }

  get count(): number {
    return this.end - this.cursor;
  }

  onPushed(seq: number): void {
    for (const acc of this.accumulators) acc.add(this.ring, seq);
    this.end = seq + 1;
  }

  /** Drops trades with ts <= now - length. */
  advanceTo(nowMs: number): void {
    const limit = nowMs - this.lengthMs;
    const ring = this.ring;
    const end = this.end;
    let cursor = this.cursor;
    while (cursor < end && ring.ts(cursor) <= limit) {
      for (const acc of this.accumulators) acc.remove(ring, cursor);
      cursor++;
      this.removalsSinceRebuild++;
    }
    this.cursor = cursor;
    if (cursor === end && this.removalsSinceRebuild > 0) this.rebuild();
    else if (this.removalsSinceRebuild >= REBUILD_EVERY_REMOVALS) this.rebuild();
  }

  private rebuild(): void {
    this.removalsSinceRebuild = 0;
    for (const acc of this.accumulators) acc.reset();
    for (let seq = this.cursor; seq < this.end; seq++) {
      for (const acc of this.accumulators) acc.add(this.ring, seq);
    }
  }
}

/** Buy and sell volume and trade counts: the order-flow aggregate. */
export class FlowSums implements WindowAccumulator {
  buyVolume = 0;
  sellVolume = 0;
  buyTrades = 0;
  sellTrades = 0;

  add(ring: TickRing, seq: number): void {
    if (ring.sign(seq) > 0) {
      this.buyVolume += ring.qty(seq);
      this.buyTrades++;
    } else {
      this.sellVolume += ring.qty(seq);
      this.sellTrades++;
    }
  }
  remove(ring: TickRing, seq: number): void {
    if (ring.sign(seq) > 0) {
      this.buyVolume -= ring.qty(seq);
      this.buyTrades--;
    } else {
      this.sellVolume -= ring.qty(seq);
      this.sellTrades--;
    }
  }
  reset(): void {
    this.buyVolume = 0;
    this.sellVolume = 0;
    this.buyTrades = 0;
    this.sellTrades = 0;
  }
  get trades(): number {
    return this.buyTrades + this.sellTrades;
  }
  get volume(): number {
    return this.buyVolume + this.sellVolume;
  }
}
