import type { Candle } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { Logger } from '../../ports/logger.ts';

/** How a symbol's warm-up went (report.json `warmup`). */
export interface WarmUpOutcome {
  readonly instrument: string;
  readonly ok: boolean;
  readonly candles_1m_used: number;
  /** The first live trade's event time: history stops there, as in replay. */
  readonly until_ms: number;
  readonly error: string | null;
}

export type WarmUpFetch = (
  symbol: string,
  untilMs: number,
) => Promise<{ ok: true; value: Candle[] } | { ok: false; reason: string; status: number }>;

export interface LiveSymbolsDeps {
  readonly instrumentIdOf: (symbol: string) => string;
  readonly fetchWarmUp: WarmUpFetch;
  readonly warmUp: (instrumentId: string, candle: Candle) => void;
  readonly process: (tick: TradeTick) => void;
  readonly logger: Logger;
}

interface SymbolState {
  readonly symbol: string;
  readonly instrumentId: string;
  phase: 'cold' | 'warming' | 'live';
  buffer: TradeTick[];
}

/**
 * The symbols this engine owns, and the gate every live trade passes. A symbol warms up on its first
 * trade: history is fetched up to that trade's event time (the boundary replay uses, so nothing after the
 * first trade leaks into warm-up), trades arriving meanwhile wait in order, then flow straight through.
 * A failed warm-up is recorded and the symbol starts cold. Removal is synchronous: a removed symbol's
 * buffered and later trades are dropped, and a warm-up that lands afterwards is ignored.
 */
export class LiveSymbols {
  private readonly bySymbol = new Map<string, SymbolState>();
  private readonly byInstrument = new Map<string, SymbolState>();
  private readonly outcomes = new Map<string, WarmUpOutcome>();
  private readonly inFlight = new Set<Promise<void>>();
  private dropped = 0;

  constructor(private readonly deps: LiveSymbolsDeps) {}

  /** `warm`: fetch history on the first trade; false for a symbol whose analytics already run (re-added). */
  add(symbol: string, warm: boolean): boolean {
    if (this.bySymbol.has(symbol)) return false;
    const state: SymbolState = {
      symbol,
      instrumentId: this.deps.instrumentIdOf(symbol),
      phase: warm ? 'cold' : 'live',
      buffer: [],
    };
    this.bySymbol.set(symbol, state);
    this.byInstrument.set(state.instrumentId, state);
    return true;
  }

  remove(symbol: string): boolean {
    const state = this.bySymbol.get(symbol);
    if (!state) return false;
    this.bySymbol.delete(symbol);
    this.byInstrument.delete(state.instrumentId);
    this.dropped += state.buffer.length;
    state.buffer = [];
    return true;
  }

  list(): string[] {
    return [...this.bySymbol.keys()];
  }

  /** Trades of symbols not owned (removed, or not yet added) are dropped and counted. */
  onTick(tick: TradeTick): void {
    const state = this.byInstrument.get(tick.instrumentId);
    if (!state) {
      this.dropped++;
      return;
    }
    if (state.phase === 'live') this.deps.process(tick);
    else if (state.phase === 'warming') state.buffer.push(tick);
    else this.beginWarmUp(state, tick);
  }

  warmUps(): Readonly<Record<string, WarmUpOutcome>> {
    return Object.fromEntries(this.outcomes);
  }

  warmUpFailures(): number {
    return [...this.outcomes.values()].filter((o) => !o.ok).length;
  }

  droppedTicks(): number {
    return this.dropped;
  }

  /** Resolves when every warm-up under way has finished (and its waiting trades went through). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private beginWarmUp(state: SymbolState, first: TradeTick): void {
    state.phase = 'warming';
    state.buffer.push(first);
    const job = this.deps
      .fetchWarmUp(state.symbol, first.ts)
      .then(
        (result) =>
          result.ok ? { candles: result.value, error: null } : { candles: [], error: result.reason },
        (error: unknown) => ({ candles: [], error: error instanceof Error ? error.message : String(error) }),
      )
      .then(({ candles, error }) => this.finishWarmUp(state, first.ts, candles, error));
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }

  private finishWarmUp(state: SymbolState, untilMs: number, candles: Candle[], error: string | null): void {
    if (this.bySymbol.get(state.symbol) !== state) return;
    for (const candle of candles) this.deps.warmUp(state.instrumentId, candle);
    const used = candles.filter((c) => c.timeframe === '1m').length;
    this.outcomes.set(state.instrumentId, {
      instrument: state.instrumentId,
      ok: error === null,
      candles_1m_used: used,
      until_ms: untilMs,
      error,
    });
    if (error !== null) {
      this.deps.logger.log('warn', 'warm-up failed, symbol starts cold', { symbol: state.symbol, error });
    }
    state.phase = 'live';
    const waiting = state.buffer;
    state.buffer = [];
    for (const tick of waiting) this.deps.process(tick);
  }
}
