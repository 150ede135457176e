import type { Instrument } from '../domain/instrument.ts';
import type { TradeTick } from '../domain/ticks.ts';

/** Stable reason codes for input the engine refuses (reported in report.json `rejected`). */
export type RejectReason =
  | 'malformed_row'
  | 'malformed_frame'
  | 'non_positive_price'
  | 'non_positive_size'
  | 'crossed_quote'
  | 'duplicate_trade_id'
  | 'out_of_order'
  | 'implausible_time';

/** What a reader yields: a parsed trade, or a rejected record with enough context to find it again. */
export type ReaderItem =
  | { readonly kind: 'trade'; readonly tick: TradeTick }
  | {
      readonly kind: 'rejected';
      readonly reason: RejectReason;
      readonly instrumentId: string;
      readonly source: string;
      readonly line: number;
      readonly detail: string;
    };

/** A finite source of trade ticks for one instrument (a tape file, a capture, expanded candles). */
export interface TickSource {
  readonly name: string;
  readonly instrument: Instrument;
  /** Frames skipped on purpose (e.g. depth or bookTicker frames in a raw capture), not errors. */
  ignored(): number;
  items(): Iterable<ReaderItem>;
}

/**
 * A 1m candle as read from a file, before it enters the engine. `takerBuyVolume` and `trades` are present
 * only where the source carries them (Binance klines).
 */
export interface SourceCandle {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly takerBuyVolume: number | undefined;
  readonly trades: number | undefined;
}
