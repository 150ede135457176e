import type { Candle } from '../domain/candle.ts';
import type { Instrument } from '../domain/instrument.ts';
import type { TradeTick } from '../domain/ticks.ts';

/** Retention of stored rows (design 2.2.7); `keepEverything` disables cleanup for replays. */
export interface RetentionPolicy {
  readonly keepEverything: boolean;
  readonly ticksMs: number;
  readonly candles1mMs: number;
  readonly candles5mMs: number;
  readonly candles15mMs: number;
}

export interface StoreStats {
  readonly ticksAppended: number;
  readonly candlesAppended: number;
  readonly flushes: number;
  readonly rowsDeleted: number;
}

/**
 * Analytical store for ticks and candles. Appends are buffered and cheap; `flush` makes them durable.
 * Implementations must never do I/O per appended row.
 */
export interface MarketDataStore {
  register(instrument: Instrument): Promise<void>;
  appendTick(tick: TradeTick): void;
  appendCandle(candle: Candle): void;
  /** Writes buffered rows; safe to call often. */
  flush(): Promise<void>;
  /** Deletes rows older than the retention windows relative to `nowMs` (no-op when keeping everything). */
  applyRetention(nowMs: number): Promise<number>;
  countRows(
    instrumentId: string,
    table: 'ticks' | 'candles_1m' | 'candles_5m' | 'candles_15m',
  ): Promise<number>;
  stats(): StoreStats;
  /** Rows appended but not yet written. */
  pendingRows(): number;
  close(): Promise<void>;
}
