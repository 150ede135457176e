/** Aggressor side of a trade: who crossed the spread. */
export type Side = 'buy' | 'sell';

/**
 * One executed trade. Times are Unix milliseconds; `ts` is the venue's event time (decisions.md #2),
 * `localTs` the receive time. `tradeId` is absent on tapes without ids (then duplicates are kept, #4).
 */
export interface TradeTick {
  readonly instrumentId: string;
  readonly ts: number;
  readonly localTs: number;
  readonly price: number;
  readonly qty: number;
  readonly side: Side;
  readonly tradeId: number | undefined;
}

/** Best bid/offer at a moment; quote-driven instruments turn these into mid-price ticks. */
export interface QuoteTick {
  readonly instrumentId: string;
  readonly ts: number;
  readonly localTs: number;
  readonly bid: number;
  readonly ask: number;
}
