import type { Direction } from '../../domain/trading.ts';

export type StopKind = 'trailing_stop' | 'initial_stop';

export interface StopState {
  /** The effective stop: the tighter of the initial stop and the trailing stop (decisions.md #12). */
  readonly stop: number;
  readonly hit: boolean;
  /** Which of the two is the effective stop; a tie counts as the trailing stop. */
  readonly which: StopKind;
}

export interface TrailingStopParams {
  readonly direction: Direction;
  readonly entryPrice: number;
  readonly initialStop: number;
  /** Fraction of the best price (0.005 = 0.5%). */
  readonly trailingDistance: number;
  /**
   * Effective stop saved before a restart: the stop resumes from it and never sits looser. The best price
   * is taken as the one that stop trails, which gives the same future stops as the lost best price.
   */
  readonly resumeStop?: number;
}

/**
 * Relative slack on the touch test. `best * (1 - d)` is computed in binary floating point, so the
 * design's "trade at 50,745 triggers the 50,745 stop" must not depend on the last bit of the product.
 */
const TOUCH_TOLERANCE = 1e-12;

/**
 * Trailing stop of one position (design 2.5, 2.2.3): active at entry, trails the best trade price since
 * entry at a fixed fraction, only ever tightens, and is hit when a trade touches or crosses it. O(1) per
 * price.
 */
export class TrailingStop {
  private readonly long: boolean;
  private readonly initialStop: number;
  private distance: number;
  private best: number;
  private level = 0;
  private kind: StopKind = 'trailing_stop';
  private readonly floor: number | undefined;

  constructor(params: TrailingStopParams) {
    const { direction, entryPrice, initialStop, trailingDistance } = params;
    if (!(entryPrice > 0) || !Number.isFinite(entryPrice))
      throw new Error(`entry price ${entryPrice} invalid`);
    if (!(trailingDistance > 0 && trailingDistance < 1)) {
      throw new Error(`trailing distance ${trailingDistance} must be in (0, 1)`);
    }
    const wrongSide = direction === 'long' ? !(initialStop < entryPrice) : !(initialStop > entryPrice);
    if (wrongSide || !Number.isFinite(initialStop)) {
      throw new Error(
        `initial stop ${initialStop} is not on the losing side of a ${direction} entry at ${entryPrice}`,
      );
    }
    this.long = direction === 'long';
    this.initialStop = initialStop;
    this.distance = trailingDistance;
    this.best = entryPrice;
    this.floor = resumeFrom(params);
    if (this.floor !== undefined) {
      const implied = this.long ? this.floor / (1 - this.distance) : this.floor / (1 + this.distance);
      this.best = this.long ? Math.max(entryPrice, implied) : Math.min(entryPrice, implied);
    }
    this.recompute();
  }

  /** Best trade price since entry: the highest for a long, the lowest for a short. */
  get bestPrice(): number {
    return this.best;
  }

  /** The effective stop right now. */
  get stop(): number {
    return this.level;
  }

  get which(): StopKind {
    return this.kind;
  }

  /** Feeds one trade price and reports the stop after it; see `feed` for the allocation-free form. */
  onPrice(price: number): StopState {
    const hit = this.feed(price);
    return { stop: this.level, hit, which: this.kind };
  }

  get trailingDistance(): number {
    return this.distance;
  }

  /**
   * Portfolio risk can tighten the trailing distance (health score < 50: 0.3%). A wider distance is
   * ignored: a stop never widens.
   */
  tighten(distance: number): void {
    if (!(distance > 0) || distance >= this.distance) return;
    this.distance = distance;
    this.recompute();
  }

  /** Moves the best price, then tests the (possibly tightened) stop; true when the trade hits it. */
  feed(price: number): boolean {
    if (this.long ? price > this.best : price < this.best) {
      this.best = price;
      this.recompute();
      // A new best cannot hit: its stop sits a whole trailing distance behind it.
      return false;
    }
    return this.long
      ? price <= this.level * (1 + TOUCH_TOLERANCE)
      : price >= this.level * (1 - TOUCH_TOLERANCE);
  }

  private recompute(): void {
    // best ± best × d rather than best × (1 ± d): 1.005 is not exact in binary, 0.005 × 50,000 rounds clean.
    const offset = this.best * this.distance;
    const trailing = this.long ? this.best - offset : this.best + offset;
    const initialTighter = this.long ? this.initialStop > trailing : this.initialStop < trailing;
    this.level = initialTighter ? this.initialStop : trailing;
    this.kind = initialTighter ? 'initial_stop' : 'trailing_stop';
    // The implied best lands the trailing stop an ulp off the saved one: within float noise, or looser,
    // the saved stop holds exactly.
    const floor = this.floor;
    if (floor === undefined) return;
    const looser = this.long ? floor > this.level : floor < this.level;
    if (looser || Math.abs(this.level - floor) <= floor * TOUCH_TOLERANCE) this.level = floor;
  }
}

/** A saved stop must be a positive finite price; any side of the entry is fine (profit may be locked). */
function resumeFrom(params: TrailingStopParams): number | undefined {
  const stop = params.resumeStop;
  if (stop === undefined) return undefined;
  if (!(stop > 0) || !Number.isFinite(stop)) throw new Error(`resume stop ${stop} invalid`);
  return stop;
}

/**
 * The initial stop a position actually uses: the zone stop, pulled in to at most `maxDistance` from entry
 * (decisions.md #12: "never further than 0.5%").
 */
export function clampInitialStop(
  direction: Direction,
  entryPrice: number,
  stop: number,
  maxDistance: number,
): number {
  const offset = entryPrice * maxDistance;
  return direction === 'long' ? Math.max(stop, entryPrice - offset) : Math.min(stop, entryPrice + offset);
}
