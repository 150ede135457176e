import type { AnalyticsConfig } from '../../config/analytics-config.ts';
import type { Timeframe } from '../../domain/candle.ts';
import type { OrderFlowView } from '../../events/analytics-snapshot.ts';
import { imbalanceRatio } from './imbalance.ts';
import type { TickRing } from './tick-ring.ts';
import { FlowSums, TrailingWindow } from './trailing-window.ts';

export interface LargeTrade {
  readonly qty: number;
  readonly averageQty: number;
  readonly multiple: number;
}

/**
 * Order-flow windows over a shared ring: the 30 s imbalance, the 1m/5m/15m cascade, CVD, large trades and
 * exhaustion. Each is a trailing window advanced on every trade, so a snapshot is O(1).
 */
export class OrderFlowAnalyzer {
  private readonly short = new FlowSums();
  private readonly cascadeSums: readonly [FlowSums, FlowSums, FlowSums];
  private readonly cvdSums = new FlowSums();
  private readonly largeSums = new FlowSums();
  readonly windows: readonly TrailingWindow[];
  private readonly cascadeWindows: readonly [TrailingWindow, TrailingWindow, TrailingWindow];
  private firstTradeTs: number | undefined;
  private largeTradesSeen: number[] = [];

  constructor(
    ring: TickRing,
    private readonly config: AnalyticsConfig['orderFlow'],
  ) {
    this.cascadeSums = [new FlowSums(), new FlowSums(), new FlowSums()];
    const [w1, w5, w15] = config.cascadeWindowsMs;
    this.cascadeWindows = [
      new TrailingWindow(ring, w1, [this.cascadeSums[0]]),
      new TrailingWindow(ring, w5, [this.cascadeSums[1]]),
      new TrailingWindow(ring, w15, [this.cascadeSums[2]]),
    ];
    this.windows = [
      new TrailingWindow(ring, config.imbalanceWindowMs, [this.short]),
      ...this.cascadeWindows,
      new TrailingWindow(ring, config.cvdWindowMs, [this.cvdSums]),
      new TrailingWindow(ring, config.largeTradeWindowMs, [this.largeSums]),
    ];
  }

  /**
   * Checks the trade against the average size of the trades before it, then adds it to every window.
   * Returns the large-trade finding, if any, so the caller can publish it.
   */
  onTrade(seq: number, ts: number, qty: number): LargeTrade | undefined {
    this.firstTradeTs ??= ts;
    // Slide first so the average only covers trades of the last five minutes, not those before a lull.
    for (const window of this.windows) window.advanceTo(ts);
    let large: LargeTrade | undefined;
    const prior = this.largeSums;
    if (prior.trades >= this.config.minTrades) {
      const averageQty = prior.volume / prior.trades;
      if (qty > this.config.largeTradeMultiple * averageQty) {
        large = { qty, averageQty, multiple: qty / averageQty };
        this.largeTradesSeen.push(ts);
      }
    }
    for (const window of this.windows) {
      window.onPushed(seq);
      window.advanceTo(ts);
    }
    return large;
  }

  /** Slides every window to `nowMs` without a trade (quiet markets empty their windows too). */
  advanceTo(nowMs: number): void {
    for (const window of this.windows) window.advanceTo(nowMs);
  }

  /** Imbalance over the primary 30 s window (null when not enough trades). */
  imbalance(): number | null {
    const s = this.short;
    return imbalanceRatio(
      s.buyVolume,
      s.sellVolume,
      s.trades,
      this.config.minTrades,
      this.config.imbalanceCap,
    );
  }

  view(nowMs: number): OrderFlowView {
    const { minTrades, imbalanceCap } = this.config;
    const cascade = {} as Record<Timeframe, number | null>;
    const labels: readonly Timeframe[] = ['1m', '5m', '15m'];
    labels.forEach((label, i) => {
      const sums = this.cascadeSums[i] as FlowSums;
      cascade[label] = imbalanceRatio(sums.buyVolume, sums.sellVolume, sums.trades, minTrades, imbalanceCap);
    });
    const average = this.averageVolumePerShortWindow(nowMs);
    const ratio = average === null ? null : this.short.volume / average;
    return {
      imbalance30s: this.imbalance(),
      trades30s: this.short.trades,
      buyVolume30s: this.short.buyVolume,
      sellVolume30s: this.short.sellVolume,
      cascade,
      cvd15m: this.cvdSums.buyVolume - this.cvdSums.sellVolume,
      averageTradeSize5m: this.largeSums.trades > 0 ? this.largeSums.volume / this.largeSums.trades : null,
      largeTrades5m: this.countLargeTrades(nowMs),
      aggressiveVolumeRatio: ratio,
      averageVolumePerWindow: average,
      exhausted: ratio !== null && ratio < this.config.exhaustionRatio,
    };
  }

  /**
   * Exhaustion input: volume of the short window against the long window's average volume per short window.
   * Only defined once a full long window of history exists and it holds at least `minTrades` trades.
   */
  private averageVolumePerShortWindow(nowMs: number): number | null {
    const longMs = this.config.largeTradeWindowMs;
    if (this.firstTradeTs === undefined || nowMs - this.firstTradeTs < longMs) return null;
    if (this.largeSums.trades < this.config.minTrades || this.largeSums.volume <= 0) return null;
    return this.largeSums.volume * (this.config.imbalanceWindowMs / longMs);
  }

  private countLargeTrades(nowMs: number): number {
    const limit = nowMs - this.config.largeTradeWindowMs;
    let drop = 0;
    while (drop < this.largeTradesSeen.length && (this.largeTradesSeen[drop] as number) <= limit) drop++;
    if (drop > 0) this.largeTradesSeen = this.largeTradesSeen.slice(drop);
    return this.largeTradesSeen.length;
  }
}
