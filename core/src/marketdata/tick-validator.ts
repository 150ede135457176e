import type { TradeTick } from '../domain/ticks.ts';
import type { RejectReason } from './types.ts';

/** How many recent trade ids per instrument are remembered for duplicate detection. */
const RECENT_IDS = 8192;

class InstrumentState {
  lastTs = Number.NEGATIVE_INFINITY;
  readonly recentIds = new Set<number>();
  readonly idOrder: number[] = [];
  idCursor = 0;

  remember(id: number): void {
    if (this.idOrder.length < RECENT_IDS) this.idOrder.push(id);
    else {
      this.recentIds.delete(this.idOrder[this.idCursor] as number);
      this.idOrder[this.idCursor] = id;
      this.idCursor = (this.idCursor + 1) % RECENT_IDS;
    }
    this.recentIds.add(id);
  }
}

/**
 * Per-instrument sanity checks between a reader and the analytics: price and size must be positive and
 * finite, a trade id seen recently is a duplicate (tapes without ids keep identical rows, decisions.md #4),
 * and event time must not go backwards. Returns the reason to reject, or undefined to accept.
 */
export class TickValidator {
  private readonly states = new Map<string, InstrumentState>();

  check(tick: TradeTick): RejectReason | undefined {
    if (!(tick.price > 0) || !Number.isFinite(tick.price)) return 'non_positive_price';
    if (!(tick.qty > 0) || !Number.isFinite(tick.qty)) return 'non_positive_size';
    if (!Number.isFinite(tick.ts)) return 'malformed_row';
    let state = this.states.get(tick.instrumentId);
    if (!state) {
      state = new InstrumentState();
      this.states.set(tick.instrumentId, state);
    }
    if (tick.tradeId !== undefined && state.recentIds.has(tick.tradeId)) return 'duplicate_trade_id';
    if (tick.ts < state.lastTs) return 'out_of_order';
    state.lastTs = tick.ts;
    if (tick.tradeId !== undefined) state.remember(tick.tradeId);
    return undefined;
  }
}
