import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/candle.ts';

/**
 * Folds closed 1m candles into a longer timeframe (warm-up from history). A bucket closes when a candle of
 * a later bucket arrives or on flush; missing minutes simply contribute nothing.
 */
export class CandleResampler {
  private readonly durationMs: number;
  private current: Candle | undefined;

  constructor(readonly timeframe: Timeframe) {
    this.durationMs = TIMEFRAME_MS[timeframe];
  }

  onCandle(candle: Candle): Candle | undefined {
    const openTime = candle.openTime - (candle.openTime % this.durationMs);
    const cur = this.current;
    if (cur && cur.openTime === openTime) {
      this.current = merge(cur, candle);
      return undefined;
    }
    this.current = { ...candle, timeframe: this.timeframe, openTime, closeTime: openTime + this.durationMs };
    return cur;
  }

  flush(): Candle | undefined {
    const cur = this.current;
    this.current = undefined;
    return cur;
  }
}

function merge(into: Candle, next: Candle): Candle {
  return {
    ...into,
    high: Math.max(into.high, next.high),
    low: Math.min(into.low, next.low),
    close: next.close,
    volume: into.volume + next.volume,
    buyVolume: into.buyVolume + next.buyVolume,
    sellVolume: into.sellVolume + next.sellVolume,
    trades: into.trades + next.trades,
    buyTrades: into.buyTrades + next.buyTrades,
    sellTrades: into.sellTrades + next.sellTrades,
  };
}
