import type { ProfitThreshold } from '../../config/exit-config.ts';
import type { Direction } from '../../domain/trading.ts';

export type AdverseMode = 'sampled' | 'tick';

/**
 * Slack on the profit-band boundaries: a profit within 1e-9 below a band edge counts as reaching it, so
 * prices that are not exact in binary (1.1033 vs 1.1) do not fall into the more patient band.
 */
const BAND_TOLERANCE = 1e-9;

/** Profit as a fraction of entry, positive when the price moved in the position's favour. */
export function favourableProfit(direction: Direction, entryPrice: number, price: number): number {
  // (price - entry) / entry, not price / entry - 1: the latter turns 50,150 / 50,000 into 0.2999...%.
  const move = direction === 'long' ? price - entryPrice : entryPrice - price;
  return move / entryPrice;
}

/** Moves needed to exit at this profit (design 2.6.2): the first row whose `below` exceeds the profit. */
export function thresholdForProfit(profit: number, table: readonly ProfitThreshold[]): number {
  for (const row of table) {
    if (row.below === undefined || profit + BAND_TOLERANCE < row.below) return row.moves;
  }
  throw new Error('profit threshold table has no final row without "below"');
}

/** Largest `moves` in the table: a streak longer than this never changes a decision. */
export function maxMoves(table: readonly ProfitThreshold[]): number {
  return table.reduce((max, row) => Math.max(max, row.moves), 1);
}

/**
 * The current streak of consecutive adverse price moves of one position (design 2.6.2, decisions.md #13),
 * by price direction, never by trade side. `sampled`: one sample per check interval, an equal sample ends
 * the streak. `tick`: every trade is a sample and unchanged prices are skipped.
 *
 * Only the streak's own samples are kept, in a ring of `capacity` timestamps. Older ones are dropped once
 * the ring is full; the count is then capped at capacity - 1, which never changes an exit decision as long
 * as capacity - 1 >= the largest threshold. Every operation is O(1) amortized.
 */
export class AdverseMoveCounter {
  private readonly long: boolean;
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;
  private lastPrice: number;

  constructor(
    direction: Direction,
    private readonly mode: AdverseMode,
    private readonly windowMs: number,
    capacity: number,
    startTs: number,
    startPrice: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new Error(`capacity ${capacity} must be an integer >= 2`);
    this.long = direction === 'long';
    this.times = new Float64Array(capacity);
    this.lastPrice = startPrice;
    this.push(startTs);
  }

  /** Records one sample (sampled mode: the last trade price at a check; tick mode: a trade price). */
  sample(ts: number, price: number): void {
    if (price === this.lastPrice && this.mode === 'tick') return;
    const adverse = this.long ? price < this.lastPrice : price > this.lastPrice;
    this.lastPrice = price;
    if (!adverse) this.size = 0; // a favourable or equal sample becomes the base of a new streak
    this.push(ts);
  }

  /**
   * Adverse moves in the current streak whose both samples lie in the window (now - windowMs, now],
   * like the design's scan of the last 15 s of prices from the most recent backwards.
   */
  count(now: number): number {
    const cutoff = now - this.windowMs;
    while (this.size > 0 && this.at(0) <= cutoff) {
      this.head = (this.head + 1) % this.times.length;
      this.size -= 1;
    }
    return Math.max(0, this.size - 1);
  }

  private at(i: number): number {
    return this.times[(this.head + i) % this.times.length] ?? Number.NaN;
  }

  private push(ts: number): void {
    const cap = this.times.length;
    if (this.size === cap) {
      this.head = (this.head + 1) % cap;
      this.size -= 1;
    }
    this.times[(this.head + this.size) % cap] = ts;
    this.size += 1;
  }
}

/**
 * Ring capacity for a counter: one more than the largest threshold, and in sampled mode no more than the
 * samples a window can hold (windowMs / checkIntervalMs + 1).
 */
export function adverseCapacity(
  mode: AdverseMode,
  table: readonly ProfitThreshold[],
  windowMs: number,
  checkIntervalMs: number,
): number {
  const needed = maxMoves(table) + 1;
  if (mode === 'tick') return needed;
  return Math.max(2, Math.min(needed, Math.floor(windowMs / checkIntervalMs) + 1));
}
