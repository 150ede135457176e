import type { Candle } from '../../domain/candle.ts';

/** Structural subsets of Candle, so indicators can be fed by tests and tools without the full record. */
export type HighLowClose = Pick<Candle, 'high' | 'low' | 'close'>;
export type OhlcvBar = Pick<Candle, 'open' | 'high' | 'low' | 'close' | 'volume'>;
