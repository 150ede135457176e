import type { Timeframe } from '../domain/candle.ts';

/** Values are `null` until their window or warm-up holds enough data (JSON-safe, unlike undefined). */
export interface OrderFlowView {
  readonly imbalance30s: number | null;
  readonly trades30s: number;
  readonly buyVolume30s: number;
  readonly sellVolume30s: number;
  readonly cascade: Readonly<Record<Timeframe, number | null>>;
  readonly cvd15m: number;
  readonly averageTradeSize5m: number | null;
  readonly largeTrades5m: number;
  /** Volume of the last 30 s relative to the 5-minute average per 30 s. */
  readonly aggressiveVolumeRatio: number | null;
  /** The 5-minute average volume per 30 s window that the ratio compares against. */
  readonly averageVolumePerWindow: number | null;
  readonly exhausted: boolean;
}

export interface ProfileView {
  readonly poc: number;
  readonly valueAreaHigh: number;
  readonly valueAreaLow: number;
  readonly bucketWidth: number;
  readonly computedAt: number;
}

export interface MeanReversionView {
  readonly mean: number | null;
  readonly std: number | null;
  readonly zScore: number | null;
  readonly rsi14: number | null;
}

export interface RegimeView {
  readonly adx: number | null;
  readonly plusDi: number | null;
  readonly minusDi: number | null;
  readonly atr: number | null;
  readonly atrPercent: number | null;
  readonly structure: 'higher_highs_higher_lows' | 'lower_highs_lower_lows' | 'mixed' | null;
  readonly persistence: number | null;
  readonly meanReversionStrength: number | null;
  readonly volumeTrend: number | null;
  readonly upVolumeShare: number | null;
  readonly candles: number;
}

export interface ZoneView {
  readonly zoneId: string;
  readonly zoneType: 'demand' | 'supply';
  readonly priceLow: number;
  readonly priceHigh: number;
  readonly status: string;
  readonly touches: number;
  readonly strength: number;
  /** Distance from the last price as a fraction of price; 0 when inside. */
  readonly distance: number;
}

export interface FvgView {
  readonly fvgId: string;
  readonly gapType: 'bullish' | 'bearish';
  readonly timeframe: Timeframe;
  readonly gapLow: number;
  readonly gapHigh: number;
  readonly fillFraction: number;
}

export interface LiveCandleView {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Average volume of the last 20 closed 1m candles (Level 4 volume spike). */
  readonly averageVolume20: number | null;
}

/** Everything the decision engine reads about one instrument at one moment. */
export interface AnalyticsSnapshot {
  readonly instrumentId: string;
  readonly ts: number;
  readonly lastPrice: number;
  readonly trigger: 'interval' | 'candle_close';
  readonly orderFlow: OrderFlowView;
  readonly profile: ProfileView | null;
  readonly meanReversion: MeanReversionView;
  readonly autocorrelation: number | null;
  readonly regime: RegimeView;
  readonly nearestDemand: ZoneView | null;
  readonly nearestSupply: ZoneView | null;
  readonly zoneCount: number;
  readonly openFvgs: readonly FvgView[];
  readonly live1m: LiveCandleView | null;
  /** The last closed 1m candle (the design's `latest_candle_1m` for the microstructure analyzer). */
  readonly last1m: ClosedCandleView | null;
}

export interface ClosedCandleView {
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}
