import type { ClosedTrade } from '../../../core/src/app/metrics/types.ts';

export function closed(overrides: Partial<ClosedTrade>): ClosedTrade {
  return {
    symbol: 'BTCUSDT',
    side: 'long',
    entry_time_ms: 0,
    entry_price: 100,
    exit_time_ms: 60_000,
    exit_price: 101,
    qty: 1,
    pnl: 0,
    fees: 0,
    exit_reason: 'trailing_stop',
    ...overrides,
  };
}

/**
 * Four round trips by hand: +9.8 (60 s), -5.1 (120 s), +3.3 (90 s), 0 (30 s, breakeven).
 * net 8.0, fees 0.7, 2 wins of 4, gross profit 13.1, gross loss 5.1, mean hold 75 s.
 */
export const FOUR_TRADES: readonly ClosedTrade[] = [
  closed({ entry_time_ms: 0, exit_time_ms: 60_000, entry_price: 100, exit_price: 110, pnl: 9.8, fees: 0.2 }),
  closed({
    symbol: 'ETHUSDT',
    side: 'short',
    entry_time_ms: 30_000,
    exit_time_ms: 150_000,
    entry_price: 200,
    exit_price: 205,
    pnl: -5.1,
    fees: 0.1,
    exit_reason: 'consecutive_adverse_moves',
  }),
  closed({
    entry_time_ms: 200_000,
    exit_time_ms: 290_000,
    pnl: 3.3,
    fees: 0.3,
    exit_reason: 'cascade_reversal',
  }),
  closed({ entry_time_ms: 300_000, exit_time_ms: 330_000, pnl: 0, fees: 0.1, exit_reason: 'end_of_data' }),
];
