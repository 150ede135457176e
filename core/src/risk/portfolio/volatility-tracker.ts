import type { Candle } from '../../domain/candle.ts';

const FAST = 2 / (15 + 1);
const SLOW = 2 / (240 + 1);

/**
 * Market-conditions input of the health score: per instrument, an exponential average of absolute 1m log
 * returns over about 15 minutes divided by the same over about 4 hours. 1 is normal, 2 is twice as
 * volatile as usual. O(1) per candle; null until an hour of candles has been seen.
 */
export class VolatilityTracker {
  private readonly state = new Map<string, { lastClose: number; fast: number; slow: number; n: number }>();

  onCandle(candle: Candle): void {
    if (candle.timeframe !== '1m') return;
    const s = this.state.get(candle.instrumentId);
    if (!s) {
      this.state.set(candle.instrumentId, { lastClose: candle.close, fast: 0, slow: 0, n: 0 });
      return;
    }
    const r = Math.abs(Math.log(candle.close / s.lastClose));
    s.lastClose = candle.close;
    s.n++;
    s.fast = s.n === 1 ? r : s.fast + FAST * (r - s.fast);
    s.slow = s.n === 1 ? r : s.slow + SLOW * (r - s.slow);
  }

  ratio(instrumentId: string): number | null {
    const s = this.state.get(instrumentId);
    if (!s || s.n < 60 || s.slow <= 0) return null;
    return s.fast / s.slow;
  }
}
