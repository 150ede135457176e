import type { TradeTick } from '../../../domain/ticks.ts';
import type { PayloadOf } from '../../../events/events.ts';
import type { FeedTimers } from './types.ts';

/** What a backfill recovered of the ids `fromId..toId` (inclusive), in id order. */
export interface BackfillResult {
  readonly ticks: readonly TradeTick[];
  readonly complete: boolean;
}

export type Backfill = (fromId: number, toId: number) => Promise<BackfillResult>;

export interface SequencerCounters {
  emitted: number;
  duplicates: number;
  reordered: number;
  gaps: number;
  backfilledTrades: number;
  unrecoveredTrades: number;
}

export interface SequencerOptions {
  readonly instrumentId: string;
  readonly emit: (tick: TradeTick) => void;
  readonly onGap: (gap: PayloadOf<'MarketDataGapDetected'>) => void;
  readonly backfill: Backfill;
  readonly timers: FeedTimers;
  /** A hole may just be reordering: wait this long for the missing ids before asking REST. */
  readonly gapGraceMs: number;
}

/**
 * Puts one symbol's live trades in trade-id order: ids at or below the last emitted are dropped (duplicates,
 * overlapping connections, late frames); a hole holds later ticks for `gapGraceMs`, then backfills the
 * missing ids over REST and releases everything in id order, so candles built downstream stay exact.
 */
export class TradeSequencer {
  private last: number | undefined;
  private readonly held = new Map<number, TradeTick>();
  private mode: 'live' | 'waiting' | 'backfilling' = 'live';
  private graceTimer: unknown;
  readonly counters: SequencerCounters = {
    emitted: 0,
    duplicates: 0,
    reordered: 0,
    gaps: 0,
    backfilledTrades: 0,
    unrecoveredTrades: 0,
  };

  constructor(private readonly options: SequencerOptions) {}

  get lastTradeId(): number | undefined {
    return this.last;
  }

  get holding(): number {
    return this.held.size;
  }

  /** True while a hole is open (waiting for reordering or being backfilled). */
  get busy(): boolean {
    return this.mode !== 'live';
  }

  onTick(tick: TradeTick): void {
    const id = tick.tradeId;
    if (id === undefined) return this.out(tick);
    if (this.last === undefined || (this.mode === 'live' && id === this.last + 1)) return this.out(tick);
    if (id <= this.last || this.held.has(id)) {
      this.counters.duplicates++;
      return;
    }
    this.held.set(id, tick);
    if (this.mode === 'live') this.startWaiting();
    else if (this.mode === 'waiting') this.drainWhileWaiting();
  }

  /** Cancels timers; held ticks are dropped (the feed is stopping). */
  stop(): void {
    if (this.graceTimer !== undefined) this.options.timers.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.held.clear();
    this.mode = 'live';
  }

  private out(tick: TradeTick): void {
    if (tick.tradeId !== undefined) this.last = tick.tradeId;
    this.counters.emitted++;
    this.options.emit(tick);
  }

  private startWaiting(): void {
    this.mode = 'waiting';
    this.graceTimer = this.options.timers.setTimeout(() => {
      this.graceTimer = undefined;
      void this.fillHole();
    }, this.options.gapGraceMs);
  }

  private drainWhileWaiting(): void {
    this.drainContiguous();
    if (this.held.size > 0) return;
    this.counters.reordered++;
    this.mode = 'live';
    if (this.graceTimer !== undefined) this.options.timers.clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private drainContiguous(): void {
    for (;;) {
      const next = this.held.get((this.last as number) + 1);
      if (!next) return;
      this.held.delete((this.last as number) + 1);
      this.out(next);
    }
  }

  /**
   * Emits the hole's trades in id order: REST's, plus any live ones that arrived late while REST was
   * asked (those count as recovered too). Returns how many of the missing ids were filled.
   */
  private releaseGap(fromRest: readonly TradeTick[], nextTradeId: number): number {
    const byId = new Map<number, TradeTick>();
    for (const tick of fromRest) {
      const id = tick.tradeId;
      if (id !== undefined && id > (this.last as number) && id < nextTradeId) byId.set(id, tick);
    }
    for (const [id, tick] of this.held) {
      if (id >= nextTradeId) continue;
      this.held.delete(id);
      if (byId.has(id)) this.counters.duplicates++;
      else byId.set(id, tick);
    }
    const ids = [...byId.keys()].sort((a, b) => a - b);
    for (const id of ids) this.out(byId.get(id) as TradeTick);
    return ids.length;
  }

  private async fillHole(): Promise<void> {
    this.drainContiguous();
    if (this.held.size === 0) {
      this.mode = 'live';
      return;
    }
    this.mode = 'backfilling';
    const lastTradeId = this.last as number;
    let nextTradeId = Number.POSITIVE_INFINITY;
    for (const id of this.held.keys()) if (id < nextTradeId) nextTradeId = id;
    const missing = nextTradeId - lastTradeId - 1;
    this.counters.gaps++;
    let result: BackfillResult;
    try {
      result = await this.options.backfill(lastTradeId + 1, nextTradeId - 1);
    } catch {
      result = { ticks: [], complete: false };
    }
    if (this.mode !== 'backfilling') return; // stopped meanwhile
    const backfilled = this.releaseGap(result.ticks, nextTradeId);
    this.counters.backfilledTrades += backfilled;
    this.counters.unrecoveredTrades += missing - backfilled;
    const status = backfilled === missing ? 'backfilled' : backfilled > 0 ? 'partial' : 'failed';
    this.options.onGap({
      instrumentId: this.options.instrumentId,
      lastTradeId,
      nextTradeId,
      missing,
      backfilled,
      status,
    });
    this.last = nextTradeId - 1;
    this.drainContiguous();
    this.mode = 'live';
    if (this.held.size > 0) this.startWaiting();
  }
}
