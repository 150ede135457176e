import type { ClosedTrade, EquityPoint } from './types.ts';

/** Trades in exit order; ties keep their input order (Array.prototype.sort is stable). */
export function byExitTime(trades: readonly ClosedTrade[]): ClosedTrade[] {
  return [...trades].sort((a, b) => a.exit_time_ms - b.exit_time_ms);
}

/**
 * Realised equity curve: the starting equity at the earliest entry or mark, then one point per distinct
 * exit time and per mark (e.g. the run's start and end, or an hourly clock), each the starting equity plus
 * the net P&L of the trades closed at or before it. P&L is accumulated in exit order exactly as
 * `computeMetrics` sums `net_pnl`, so the last point equals startingEquity + net_pnl to the bit.
 * Open positions are not marked to market: the engine closes them at the end of data.
 */
export function equityCurveFromTrades(
  startingEquity: number,
  trades: readonly ClosedTrade[],
  marks: readonly number[] = [],
): EquityPoint[] {
  const sorted = byExitTime(trades);
  const times = new Set<number>([...sorted.map((t) => t.exit_time_ms), ...marks]);
  if (times.size === 0) return [];
  // A loop, not Math.min(...): spreading a long run's trades would overflow the argument stack.
  let start = Infinity;
  for (const t of sorted) start = Math.min(start, t.entry_time_ms);
  for (const m of marks) start = Math.min(start, m);
  times.add(start);
  const points: EquityPoint[] = [];
  let cumulative = 0;
  let next = 0;
  for (const ts of [...times].sort((a, b) => a - b)) {
    for (let t = sorted[next]; t && t.exit_time_ms <= ts; t = sorted[++next]) cumulative += t.pnl;
    points.push({ ts_ms: ts, equity: startingEquity + cumulative });
  }
  return points;
}
