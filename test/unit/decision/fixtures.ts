import {
  defaultDecisionConfig,
  parseDecisionConfig,
  type DecisionConfig,
} from '../../../core/src/config/decision-config.ts';
import type { Timeframe } from '../../../core/src/domain/candle.ts';
import type {
  AnalyticsSnapshot,
  LiveCandleView,
  ClosedCandleView,
  MeanReversionView,
  OrderFlowView,
  ProfileView,
  RegimeView,
  ZoneView,
} from '../../../core/src/events/analytics-snapshot.ts';

export const INSTRUMENT = 'binance-spot:BTCUSDT';
export const T0 = 1_700_000_000_000;
export const config: DecisionConfig = defaultDecisionConfig;

/** Default config with a few fields changed (parsed, so defaults fill the rest). */
export function configWith(overrides: Record<string, unknown>): DecisionConfig {
  return parseDecisionConfig(overrides);
}

/** Every field can be replaced; nested views merge one level deep (cascade two) so a test changes one thing. */
export interface SnapshotOverrides extends Partial<
  Omit<
    AnalyticsSnapshot,
    | 'orderFlow'
    | 'regime'
    | 'meanReversion'
    | 'profile'
    | 'live1m'
    | 'last1m'
    | 'nearestDemand'
    | 'nearestSupply'
  >
> {
  orderFlow?: Partial<Omit<OrderFlowView, 'cascade'>> & {
    cascade?: Partial<Record<Timeframe, number | null>>;
  };
  regime?: Partial<RegimeView>;
  meanReversion?: Partial<MeanReversionView>;
  profile?: Partial<ProfileView> | null;
  live1m?: Partial<LiveCandleView> | null;
  last1m?: Partial<ClosedCandleView> | null;
  nearestDemand?: Partial<ZoneView> | null;
  nearestSupply?: Partial<ZoneView> | null;
}

/**
 * A long setup that passes every gate, built on the numbers of design 2.2.2's example, with price lifted
 * from 50,245 to 50,260 so it has left the 50,200-50,250 demand zone (Level 4 "moving away"):
 * - regime: ADX 30, +DI 28 > -DI 14, persistence 0.62, MR strength 0.4, ATR 0.3%, higher highs/lows;
 * - fresh demand zone 50,200-50,250 (distance 10 / 50,260 = 0.0199%), bullish FVG 50,230-50,300;
 * - cascade 3.5 > 2.8 > 1.8 (design 2.3.3), 30 s imbalance 3.2 over 40 trades;
 * - live 1m: open 50,250, high 50,262, low 50,210, close 50,260, volume 30 vs average 15 (2x):
 *   bounce (50,260 - 50,210) / 52 = 0.9615, lower wick 40 > 2 x body 10;
 * - filters: at VAL 50,250 +1.5, z -1.8 +0.75, r 0.2 +1.0, fresh zone +2.0, no supply 0, FVG +1.5 = 6.75.
 */
export function snapshot(overrides: SnapshotOverrides = {}): AnalyticsSnapshot {
  return build(LONG_BASE, overrides);
}

/** The mirror image: a short setup under a fresh supply zone 50,250-50,300 at price 50,240 (score 6.75). */
export function shortSnapshot(overrides: SnapshotOverrides = {}): AnalyticsSnapshot {
  return build(SHORT_BASE, overrides);
}

const ORDER_FLOW: OrderFlowView = {
  imbalance30s: 3.2,
  trades30s: 40,
  buyVolume30s: 32,
  sellVolume30s: 10,
  cascade: { '1m': 3.5, '5m': 2.8, '15m': 1.8 },
  cvd15m: 120,
  averageTradeSize5m: 0.05,
  largeTrades5m: 2,
  aggressiveVolumeRatio: 1.8,
  averageVolumePerWindow: 20,
  exhausted: false,
};

const REGIME: RegimeView = {
  adx: 30,
  plusDi: 28,
  minusDi: 14,
  atr: 150,
  atrPercent: 0.003,
  structure: 'higher_highs_higher_lows',
  persistence: 0.62,
  meanReversionStrength: 0.4,
  volumeTrend: 0.05,
  upVolumeShare: 0.6,
  candles: 120,
};

function zone(
  zoneType: 'demand' | 'supply',
  priceLow: number,
  priceHigh: number,
  distance: number,
): ZoneView {
  return {
    zoneId: `${INSTRUMENT}:${zoneType}:1`,
    zoneType,
    priceLow,
    priceHigh,
    status: 'fresh',
    touches: 0,
    strength: 100,
    distance,
  };
}

const LONG_BASE: AnalyticsSnapshot = {
  instrumentId: INSTRUMENT,
  ts: T0,
  lastPrice: 50_260,
  trigger: 'interval',
  orderFlow: ORDER_FLOW,
  profile: { poc: 50_400, valueAreaHigh: 50_600, valueAreaLow: 50_250, bucketWidth: 5, computedAt: T0 },
  meanReversion: { mean: 50_400, std: 77.78, zScore: -1.8, rsi14: 32 },
  autocorrelation: 0.2,
  regime: REGIME,
  nearestDemand: zone('demand', 50_200, 50_250, 10 / 50_260),
  nearestSupply: null,
  zoneCount: 1,
  openFvgs: [
    {
      fvgId: `${INSTRUMENT}:15m:1:bullish`,
      gapType: 'bullish',
      timeframe: '15m',
      gapLow: 50_230,
      gapHigh: 50_300,
      fillFraction: 0.2,
    },
  ],
  live1m: {
    openTime: T0 - 30_000,
    open: 50_250,
    high: 50_262,
    low: 50_210,
    close: 50_260,
    volume: 30,
    averageVolume20: 15,
  },
  // The minute before: a pin bar at the zone (lower wick 40 > 2 x body 10, close at 50/52 of the range).
  last1m: { openTime: T0 - 90_000, open: 50_250, high: 50_262, low: 50_210, close: 50_260, volume: 20 },
};

const SHORT_BASE: AnalyticsSnapshot = {
  ...LONG_BASE,
  lastPrice: 50_240,
  orderFlow: {
    ...ORDER_FLOW,
    imbalance30s: 0.3,
    buyVolume30s: 9,
    sellVolume30s: 30,
    cascade: { '1m': 0.3, '5m': 0.4, '15m': 0.6 },
  },
  profile: { poc: 50_100, valueAreaHigh: 50_250, valueAreaLow: 49_900, bucketWidth: 5, computedAt: T0 },
  meanReversion: { mean: 50_100, std: 77.78, zScore: 1.8, rsi14: 68 },
  regime: { ...REGIME, plusDi: 14, minusDi: 28, structure: 'lower_highs_lower_lows' },
  nearestDemand: null,
  nearestSupply: zone('supply', 50_250, 50_300, 10 / 50_240),
  openFvgs: [
    {
      fvgId: `${INSTRUMENT}:15m:1:bearish`,
      gapType: 'bearish',
      timeframe: '15m',
      gapLow: 50_190,
      gapHigh: 50_260,
      fillFraction: 0.2,
    },
  ],
  live1m: {
    openTime: T0 - 30_000,
    open: 50_250,
    high: 50_290,
    low: 50_238,
    close: 50_240,
    volume: 30,
    averageVolume20: 15,
  },
  last1m: { openTime: T0 - 90_000, open: 50_250, high: 50_290, low: 50_238, close: 50_240, volume: 20 },
};

function merge<T extends object>(base: T | null, patch: Partial<T> | null | undefined): T | null {
  if (patch === undefined) return base;
  if (patch === null) return null;
  if (base === null) throw new Error('fixture: cannot patch a view the base lacks; pass a complete one');
  return { ...base, ...patch };
}

function build(base: AnalyticsSnapshot, o: SnapshotOverrides): AnalyticsSnapshot {
  const { orderFlow, regime, meanReversion, profile, live1m, last1m, nearestDemand, nearestSupply, ...top } =
    o;
  const flow = {
    ...base.orderFlow,
    ...orderFlow,
    cascade: { ...base.orderFlow.cascade, ...orderFlow?.cascade },
  };
  return {
    ...base,
    ...top,
    orderFlow: flow,
    regime: { ...base.regime, ...regime },
    meanReversion: { ...base.meanReversion, ...meanReversion },
    profile: merge(base.profile, profile),
    live1m: merge(base.live1m, live1m),
    last1m: merge(base.last1m, last1m),
    nearestDemand: mergeZone('demand', base.nearestDemand, nearestDemand),
    nearestSupply: mergeZone('supply', base.nearestSupply, nearestSupply),
  };
}

/** A zone patch onto a missing zone starts from a fresh zone of that side (bounds and distance to set). */
function mergeZone(
  side: 'demand' | 'supply',
  base: ZoneView | null,
  patch: Partial<ZoneView> | null | undefined,
): ZoneView | null {
  if (base === null && patch) return { ...zone(side, 0, 0, 0), ...patch };
  return merge(base, patch);
}
