import type { ExitReason } from '../../domain/trading.ts';

/** One round trip as it appears in report.json and trades.csv (snake_case by the report contract). */
export interface ClosedTrade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entry_time_ms: number;
  readonly entry_price: number;
  readonly exit_time_ms: number;
  readonly exit_price: number;
  readonly qty: number;
  /** Realised P&L in quote currency, net of every fee of the round trip. */
  readonly pnl: number;
  /** Entry plus exit fees in quote currency (already deducted from `pnl`). */
  readonly fees: number;
  readonly exit_reason: ExitReason;
}

export interface EquityPoint {
  readonly ts_ms: number;
  readonly equity: number;
}

/**
 * The report's `metrics` block. Ratios that are undefined on the data (0/0, x/0) are `null`, never NaN or
 * Infinity, so the JSON stays valid; see `computeMetrics` for each definition.
 */
export interface BacktestMetrics {
  readonly trades: number;
  readonly win_rate: number | null;
  readonly net_pnl: number;
  readonly fees: number;
  readonly max_drawdown_pct: number;
  readonly sharpe: number | null;
  readonly profit_factor: number | null;
  readonly avg_hold_s: number | null;
}

/** Return interval of the Sharpe ratio. Crypto trades around the clock: 24 × 365 = 8,760 hours a year. */
export interface SharpeOptions {
  readonly intervalMs: number;
  readonly periodsPerYear: number;
}

export const HOURLY_SHARPE: SharpeOptions = { intervalMs: 3_600_000, periodsPerYear: 8_760 };
