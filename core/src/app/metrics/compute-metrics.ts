import { byExitTime } from './equity-curve.ts';
import { sharpeRatio } from './sharpe.ts';
import {
  HOURLY_SHARPE,
  type BacktestMetrics,
  type ClosedTrade,
  type EquityPoint,
  type SharpeOptions,
} from './types.ts';

/**
 * Backtest metrics. Definitions:
 * - `trades`: closed round trips. `win_rate`: share (0..1) with pnl > 0; a breakeven trade is not a win.
 * - `net_pnl`: sum of `pnl` (already net of fees), summed in exit order like the equity curve.
 *   `fees`: sum of `fees`, reported for information only (never subtracted again).
 * - `max_drawdown_pct`: largest peak-to-trough fall of the equity curve in percent of the peak (5 = 5%),
 *   with `startingEquity` as the first peak; 0 when equity never falls below a previous peak.
 * - `sharpe`: annualised Sharpe of the curve sampled every hour by default (see `sharpeRatio`).
 * - `profit_factor`: gross profit / |gross loss|; null when there is no losing trade (it would be
 *   Infinity, which JSON cannot carry), 0 when there are losses and no wins.
 * - `avg_hold_s`: mean of (exit_time_ms - entry_time_ms) / 1000.
 * With no trades: trades 0, net_pnl 0, fees 0, win_rate / profit_factor / avg_hold_s null; drawdown and
 * Sharpe still come from the curve (0 and null for a flat one).
 */
export function computeMetrics(
  trades: readonly ClosedTrade[],
  equityCurve: readonly EquityPoint[],
  startingEquity: number,
  sharpeOptions: SharpeOptions = HOURLY_SHARPE,
): BacktestMetrics {
  let netPnl = 0;
  let fees = 0;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let holdMs = 0;
  for (const t of byExitTime(trades)) {
    netPnl += t.pnl;
    fees += t.fees;
    holdMs += t.exit_time_ms - t.entry_time_ms;
    if (t.pnl > 0) {
      wins += 1;
      grossProfit += t.pnl;
    } else if (t.pnl < 0) {
      grossLoss -= t.pnl;
    }
  }
  const n = trades.length;
  return {
    trades: n,
    win_rate: n === 0 ? null : wins / n,
    net_pnl: netPnl,
    fees,
    max_drawdown_pct: maxDrawdownPct(equityCurve, startingEquity),
    sharpe: sharpeRatio(equityCurve, sharpeOptions),
    profit_factor: grossLoss === 0 ? null : grossProfit / grossLoss,
    avg_hold_s: n === 0 ? null : holdMs / n / 1000,
  };
}

/** Peak-to-trough in percent of the running peak, the starting equity being the first peak. */
export function maxDrawdownPct(curve: readonly EquityPoint[], startingEquity: number): number {
  let peak = startingEquity;
  let worst = 0;
  for (const { equity } of curve) {
    if (equity > peak) peak = equity;
    else if (peak > 0) worst = Math.max(worst, (peak - equity) / peak);
  }
  return worst * 100;
}
