import type { AnalyticsSnapshot } from '../../core/src/events/analytics-snapshot.ts';

/**
 * An analytics snapshot with every reading empty (null, zero, none), for tests of consumers that read only
 * a few fields: spread it and set those.
 */
export function emptySnapshot(instrumentId: string, ts: number, lastPrice: number): AnalyticsSnapshot {
  return {
    instrumentId,
    ts,
    lastPrice,
    trigger: 'interval',
    orderFlow: {
      imbalance30s: null,
      trades30s: 0,
      buyVolume30s: 0,
      sellVolume30s: 0,
      cascade: { '1m': null, '5m': null, '15m': null },
      cvd15m: 0,
      averageTradeSize5m: null,
      largeTrades5m: 0,
      aggressiveVolumeRatio: null,
      averageVolumePerWindow: null,
      exhausted: false,
    },
    profile: null,
    meanReversion: { mean: null, std: null, zScore: null, rsi14: null },
    autocorrelation: null,
    regime: {
      adx: null,
      plusDi: null,
      minusDi: null,
      atr: null,
      atrPercent: null,
      structure: null,
      persistence: null,
      meanReversionStrength: null,
      volumeTrend: null,
      upVolumeShare: null,
      candles: 0,
    },
    nearestDemand: null,
    nearestSupply: null,
    zoneCount: 0,
    openFvgs: [],
    live1m: null,
    last1m: null,
  };
}
