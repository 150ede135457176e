import type { TradeTick } from '../domain/ticks.ts';
import type { RejectReason } from './types.ts';

/** How many recent trade ids per instrument are remembered to tell a duplicate from a late trade. */
const RECENT_IDS = 1024;

class InstrumentState {
  lastTs = Number.NEGATIVE_INFINITY;
  maxId = Number.NEGATIVE_INFINITY;
  readonly recentIds = new Float64Array(RECENT_IDS).fill(Number.NaN);
  cursor = 0;

  remember(id: number): void {
    this.recentIds[this.cursor] = id;
    this.cursor = (this.cursor + 1) % RECENT_IDS;
    if (id > this.maxId) this.maxId = id;
  }

  /** Venue ids grow, so only an id at or below the highest seen needs the (rare, bounded) lookup. */
  seen(id: number): boolean {
    return id <= this.maxId && this.recentIds.includes(id);
  }
}

/**
 * Per-instrument sanity checks between a reader and the analytics: price and size must be positive and
 * finite, a trade id seen recently is a duplicate (tapes without ids keep identical rows, decisions.md #4),
 * and event time must not go backwards. Returns the reason to reject, or undefined to accept.
 * Memory is fixed per instrument (8 KB of recent ids), whatever the stream length.
 */
export class TickValidator {
  private readonly states = new Map<string, InstrumentState>();

  /**
   * @param maxForwardJumpMs a trade this far past the previous one of its instrument is refused as
   *   `implausible_time` instead of becoming the new baseline (one corrupt timestamp would otherwise make
   *   every later good trade look out of order).
   * @param maxClockSkewMs event time may lead the local receive time by at most this much.
   */
  constructor(
    private readonly maxForwardJumpMs = 24 * 3_600_000,
    private readonly maxClockSkewMs = 60_000,
  ) {}

  check(tick: TradeTick): RejectReason | undefined {
    if (!(tick.price > 0) || !Number.isFinite(tick.price)) return 'non_positive_price';
    if (!(tick.qty > 0) || !Number.isFinite(tick.qty)) return 'non_positive_size';
    if (!Number.isFinite(tick.ts)) return 'malformed_row';
    let state = this.states.get(tick.instrumentId);
    if (!state) {
      state = new InstrumentState();
      this.states.set(tick.instrumentId, state);
    }
    if (tick.tradeId !== undefined && state.seen(tick.tradeId)) return 'duplicate_trade_id';
    if (tick.ts < state.lastTs) return 'out_of_order';
    const jump = state.lastTs === Number.NEGATIVE_INFINITY ? 0 : tick.ts - state.lastTs;
    if (jump > this.maxForwardJumpMs || tick.ts - tick.localTs > this.maxClockSkewMs) {
      return 'implausible_time';
    }
    state.lastTs = tick.ts;
    if (tick.tradeId !== undefined) state.remember(tick.tradeId);
    return undefined;
  }
}
