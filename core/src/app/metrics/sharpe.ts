import type { EquityPoint, SharpeOptions } from './types.ts';

/**
 * Equity at fixed steps t0, t0 + interval, ... from the first point, as the curve's last value at or before
 * each step (the curve is a step function: equity changes only at its points). A trailing partial
 * interval is dropped. Points must be in time order.
 */
export function sampleEquity(curve: readonly EquityPoint[], intervalMs: number): number[] {
  if (!(intervalMs > 0)) throw new Error(`interval ${intervalMs} must be positive`);
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (!first || !last) return [];
  const steps = Math.floor((last.ts_ms - first.ts_ms) / intervalMs);
  const samples: number[] = [];
  let i = 0;
  for (let k = 0; k <= steps; k++) {
    const at = first.ts_ms + k * intervalMs;
    while (i + 1 < curve.length && (curve[i + 1]?.ts_ms ?? Infinity) <= at) i++;
    samples.push(curve[i]?.equity ?? first.equity);
  }
  return samples;
}

/** Simple returns between consecutive samples; null when an equity is not positive (return undefined). */
export function periodReturns(samples: readonly number[]): number[] | null {
  const returns: number[] = [];
  for (let k = 1; k < samples.length; k++) {
    const previous = samples[k - 1] ?? 0;
    if (!(previous > 0)) return null;
    returns.push((samples[k] ?? previous) / previous - 1);
  }
  return returns;
}

/**
 * Annualised Sharpe ratio of the curve's interval returns: mean / sample standard deviation (n − 1) ×
 * √periodsPerYear, risk-free rate 0. Null with fewer than 2 returns or no variation (std 0, or below 1e-12
 * of the mean, which is rounding noise on equal returns).
 */
export function sharpeRatio(curve: readonly EquityPoint[], options: SharpeOptions): number | null {
  const returns = periodReturns(sampleEquity(curve, options.intervalMs));
  if (!returns || returns.length < 2) return null;
  const n = returns.length;
  const mean = returns.reduce((sum, r) => sum + r, 0) / n;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (n - 1);
  const std = Math.sqrt(variance);
  if (std === 0 || std <= 1e-12 * Math.abs(mean)) return null;
  return (mean / std) * Math.sqrt(options.periodsPerYear);
}
