import type { EquityPoint } from './metrics/types.ts';

/**
 * Samples account equity (marked to the last trade) on a fixed event-time interval, plus every point the
 * caller forces (trade closes, start, end), for equity.csv, drawdown and the hourly Sharpe ratio.
 */
export class EquityRecorder {
  private readonly points: EquityPoint[] = [];
  private nextSample = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly startingEquity: number,
    private readonly intervalMs: number,
  ) {}

  record(ts: number, equity: number, force: boolean): void {
    if (this.points.length === 0) this.points.push({ ts_ms: ts, equity: this.startingEquity });
    if (!force && ts < this.nextSample) return;
    this.nextSample = ts - (ts % this.intervalMs) + this.intervalMs;
    const last = this.points[this.points.length - 1];
    if (last && last.ts_ms === ts) this.points[this.points.length - 1] = { ts_ms: ts, equity };
    else this.points.push({ ts_ms: ts, equity });
  }

  /** Whether an unforced sample is due at `ts` (lets callers skip computing equity on most ticks). */
  due(ts: number): boolean {
    return this.points.length === 0 || ts >= this.nextSample;
  }

  curve(): readonly EquityPoint[] {
    return this.points;
  }
}
