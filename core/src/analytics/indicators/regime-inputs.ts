import type { AnalyticsConfig } from '../../config/analytics-config.ts';
import type { OhlcvBar } from './bars.ts';
import { DirectionalPersistence } from './directional-persistence.ts';
import { MeanReversionStrength } from './mean-reversion-strength.ts';
import type { MarketStructure } from './structure-detector.ts';
import { StructureDetector } from './structure-detector.ts';
import { VolumeTrend } from './volume-trend.ts';
import { WilderAdx } from './wilder-adx.ts';
import { WilderAtr } from './wilder-atr.ts';

export type RegimeConfig = AnalyticsConfig['regime'];

/** Inputs of the Level 1 regime filter (design 2.3.1); each field is undefined until its indicator warms up. */
export interface RegimeSnapshot {
  readonly adx: number | undefined;
  readonly plusDi: number | undefined;
  readonly minusDi: number | undefined;
  /** ATR in price units. */
  readonly atr: number | undefined;
  /** ATR / last close as a fraction (0.004 = 0.4%), per the config convention for percentages. */
  readonly atrPercent: number | undefined;
  readonly structure: MarketStructure | undefined;
  /** Hurst exponent of recent log returns, [0, 1]. */
  readonly persistence: number | undefined;
  readonly meanReversionStrength: number | undefined;
  /** Volume slope per candle as a fraction of mean volume. */
  readonly volumeTrend: number | undefined;
  readonly upVolumeShare: number | undefined;
  /** Candles seen since construction. */
  readonly candles: number;
}

/**
 * Every regime indicator for one instrument on the longest timeframe (15m), fed one closed candle at a time.
 * Memory is bounded: each indicator keeps a fixed window, and the constructor rejects a config whose windows
 * do not fit in `historyCandles` (the analytic memory budget of decisions.md rule 5), so warm-up from
 * `historyCandles` stored candles is always enough.
 */
export class RegimeInputs {
  private readonly adxInd: WilderAdx;
  private readonly atrInd: WilderAtr;
  private readonly structureInd: StructureDetector;
  private readonly persistenceInd: DirectionalPersistence;
  private readonly meanReversionInd: MeanReversionStrength;
  private readonly volumeInd: VolumeTrend;
  private seen = 0;
  private lastClose: number | undefined;

  constructor(readonly config: RegimeConfig) {
    assertFitsHistory(config);
    this.adxInd = new WilderAdx(config.adxPeriod);
    this.atrInd = new WilderAtr(config.atrPeriod);
    this.structureInd = new StructureDetector(config.structureCandles);
    this.persistenceInd = new DirectionalPersistence({
      minCandles: config.persistenceMinCandles,
      maxCandles: config.persistenceMaxCandles,
    });
    this.meanReversionInd = new MeanReversionStrength({
      lookback: config.meanReversionLookback,
      bandPeriod: config.meanReversionBandPeriod,
      horizon: config.meanReversionHorizon,
    });
    this.volumeInd = new VolumeTrend(config.volumeTrendCandles);
  }

  update(candle: OhlcvBar): void {
    this.adxInd.update(candle);
    this.atrInd.update(candle);
    this.structureInd.update(candle);
    this.persistenceInd.update(candle.close);
    this.meanReversionInd.update(candle.close);
    this.volumeInd.update(candle);
    this.lastClose = candle.close;
    this.seen++;
  }

  snapshot(): RegimeSnapshot {
    const atr = this.atrInd.value;
    const close = this.lastClose;
    return {
      adx: this.adxInd.adx,
      plusDi: this.adxInd.plusDi,
      minusDi: this.adxInd.minusDi,
      atr,
      atrPercent: atr !== undefined && close !== undefined && close > 0 ? atr / close : undefined,
      structure: this.structureInd.value,
      persistence: this.persistenceInd.value,
      meanReversionStrength: this.meanReversionInd.value,
      volumeTrend: this.volumeInd.trend,
      upVolumeShare: this.volumeInd.upVolumeShare,
      candles: this.seen,
    };
  }
}

/** Candles each indicator needs before it reports, checked against the history budget. */
function assertFitsHistory(c: RegimeConfig): void {
  const needs: Record<string, number> = {
    'ADX warm-up (2 x adxPeriod)': 2 * c.adxPeriod,
    'ATR warm-up (atrPeriod + 1)': c.atrPeriod + 1,
    persistenceMaxCandles: c.persistenceMaxCandles,
    'meanReversionLookback + meanReversionBandPeriod - 1':
      c.meanReversionLookback + c.meanReversionBandPeriod - 1,
    volumeTrendCandles: c.volumeTrendCandles,
    structureCandles: c.structureCandles,
  };
  for (const [what, candles] of Object.entries(needs)) {
    if (candles > c.historyCandles) {
      throw new RangeError(
        `regime config: ${what} = ${candles} exceeds historyCandles = ${c.historyCandles}`,
      );
    }
  }
  if (c.persistenceMinCandles > c.persistenceMaxCandles) {
    throw new RangeError('regime config: persistenceMinCandles exceeds persistenceMaxCandles');
  }
}
